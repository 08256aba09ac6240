import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffToOp, moveSelection, touches } from '../../../target/classes/static/js/text-ops.mjs';
import { UndoManager } from '../../../target/classes/static/js/undo.mjs';
import { apply, transform } from '../../../target/classes/static/js/json0.mjs';

test('diffToOp_table', () => {
  const cases = [
    ['', 'a', [{ p: ['t', 0], si: 'a' }]],
    ['abc', 'abXc', [{ p: ['t', 2], si: 'X' }]],
    ['abc', 'ac', [{ p: ['t', 1], sd: 'b' }]],
    ['hello world', 'hello there', [{ p: ['t', 6], sd: 'world' }, { p: ['t', 6], si: 'there' }]],
    ['abcd', 'aXd', [{ p: ['t', 1], sd: 'bc' }, { p: ['t', 1], si: 'X' }]],
    ['aaa', 'aaaa', [{ p: ['t', 3], si: 'a' }]],
    ['same', 'same', []],
    ['x😀y', 'x😁y', [{ p: ['t', 1], sd: '😀' }, { p: ['t', 1], si: '😁' }]], // surrogate pairs stay whole
  ];
  for (const [before, after, op] of cases) {
    assert.deepEqual(diffToOp(['t'], before, after), op, `${before} -> ${after}`);
    assert.deepEqual(apply({ t: before }, diffToOp(['t'], before, after)), { t: after });
  }
});

test('moveSelection_throughOthersTyping', () => {
  // Caret at 3 in "hello"; someone inserts "XX" at 1: the caret moves to 5.
  assert.deepEqual(moveSelection(['name'], 3, 3, [{ p: ['name', 1], si: 'XX' }]), { path: ['name'], start: 5, end: 5 });
  // A selection [1,4] and a delete of [0,2): it becomes [0,2].
  assert.deepEqual(moveSelection(['name'], 1, 4, [{ p: ['name', 0], sd: 'he' }]), { path: ['name'], start: 0, end: 2 });
  // The field was replaced: the caret is gone.
  assert.equal(moveSelection(['name'], 1, 1, [{ p: ['name'], od: 'a', oi: 'b' }]), null);
  // A list insert before the item shifts the path.
  assert.deepEqual(moveSelection(['goals', 1], 2, 2, [{ p: ['goals', 0], li: 'new' }]), { path: ['goals', 2], start: 2, end: 2 });
});

test('touches_table', () => {
  assert.equal(touches([{ p: ['name', 2], si: 'x' }], ['name']), true);
  assert.equal(touches([{ p: ['goals'], oi: [] }], ['goals', 1]), true);
  assert.equal(touches([{ p: ['title', 0], si: 'x' }], ['name']), false);
});

test('undo_removesOnlyMyChange_whenOthersTypedAfterIt', () => {
  let now = 0;
  const undo = new UndoManager({ now: () => now });
  let doc = { name: 'Ann' };
  const mine = [{ p: ['name', 3], si: ' Lee' }];
  doc = apply(doc, mine);
  undo.recordLocal(mine, 'name');
  now = 5000;
  const theirs = [{ p: ['name', 0], si: 'Dr ' }]; // someone else, later
  doc = apply(doc, theirs);
  undo.recordRemote(theirs);
  const u = undo.takeUndo();
  doc = apply(doc, u);
  assert.deepEqual(doc, { name: 'Dr Ann' }, 'their prefix stays');
  assert.equal(undo.canRedo, true);
  doc = apply(doc, undo.takeRedo());
  assert.deepEqual(doc, { name: 'Dr Ann Lee' });
});

test('undo_groupsKeystrokesInOneFieldWithinTheWindow', () => {
  let now = 0;
  const undo = new UndoManager({ groupWindow: 800, now: () => now });
  let doc = { name: '' };
  for (const [i, ch] of [...'abc'].entries()) {
    const op = [{ p: ['name', i], si: ch }];
    doc = apply(doc, op);
    undo.recordLocal(op, 'name');
    now += 100;
  }
  now += 5000;
  const op = [{ p: ['name', 3], si: 'd' }];
  doc = apply(doc, op);
  undo.recordLocal(op, 'name');
  doc = apply(doc, undo.takeUndo());
  assert.deepEqual(doc, { name: 'abc' }, 'the late key is its own step');
  doc = apply(doc, undo.takeUndo());
  assert.deepEqual(doc, { name: '' }, 'the burst is one step');
  assert.equal(undo.canUndo, false);
});

test('undo_newLocalChangeClearsRedo', () => {
  const undo = new UndoManager();
  undo.recordLocal([{ p: ['a'], oi: 1 }], 'a');
  undo.takeUndo();
  assert.equal(undo.canRedo, true);
  undo.recordLocal([{ p: ['b'], oi: 2 }], 'b');
  assert.equal(undo.canRedo, false);
});

test('undo_randomInterleavings_undoingEverythingOfMineLeavesExactlyTheOthersWork', () => {
  // Two writers on one string, no transform conflicts between them other than positions: undo
  // all of A's changes and the result equals B's changes alone, transformed the same way.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 50; round++) {
    let doc = { t: '' };
    const undo = new UndoManager({ groupWindow: -1 });
    let bOnly = '';
    for (let i = 0; i < 30; i++) {
      const at = Math.floor(rnd() * (doc.t.length + 1));
      if (rnd() < 0.5) {
        const op = [{ p: ['t', at], si: 'a' }];
        doc = apply(doc, op);
        undo.recordLocal(op, 't');
      } else {
        const op = [{ p: ['t', at], si: 'b' }];
        doc = apply(doc, op);
        undo.recordRemote(op);
      }
    }
    bOnly = doc.t.replace(/a/g, '');
    let u;
    while ((u = undo.takeUndo())) doc = apply(doc, u);
    assert.equal(doc.t, bOnly, `round ${round}`);
  }
  assert.ok(transform); // imported for symmetry with the engine tests
});
