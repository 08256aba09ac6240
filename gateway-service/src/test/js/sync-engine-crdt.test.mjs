import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MERGE_ENTRIES } from '../../../target/classes/static/js/sync-engine.mjs';
import { recordingEngine } from './engine-fx.mjs';
import { CrdtState, mergeDocument, withoutState } from '../../../target/classes/static/js/crdt.mjs';

// Section 7 of sync-engine.mjs: the page in offline mode (conflict_resolution: crdt). The server
// side of these exchanges is played with ot-core's crdt.mjs merge, which the Java sequencer
// matches (crdt-conformance.json).

function engine(wall = () => 1_000) {
  const { e, fx } = recordingEngine();
  e.enableCrdt(wall);
  return { e, fx };
}

const welcome = (clientId, version, snapshot) => ({ type: 'welcome', protocol: 1, clientId, version, snapshot, participants: [], resumed: false, presence: [] });

/** What the sequencer sequences for a merge: an op replacing the fields it changed and _crdt. */
function sequenced(doc, frame, v, src) {
  const after = mergeDocument(doc, CrdtState.fromJson(frame.changes), 'sequencer', 2_000);
  const op = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(doc[k])).map((k) => (k in doc ? { p: [k], od: doc[k], oi: after[k] } : { p: [k], oi: after[k] }));
  return { after, frame: { type: 'op', v, src, seq: frame.seq, op, user_id: 'u' } };
}

/** A new socket on which the server cannot resume: hello, then a fresh snapshot. */
function reconnectFresh(e, fx, clientId, version, snapshot) {
  e.connectionOpened();
  e.receive(welcome(clientId, version, snapshot));
  const hello = fx.sent.pop();
  assert.equal(hello.type, 'hello', 'the page asks to resume first');
  e.receive(welcome(clientId, version, snapshot));
}

const start = { name: '', title: '', goals: ['Ship weekly', 'Less email'], demographics: {} };

test('typing_becomesOneRegisterWriteOfTheFieldsNewText_sentAsAMergeFrame', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 3, start));
  e.submit([{ p: ['name', 0], si: 'Ad' }]);
  assert.equal(fx.sent.length, 1);
  const frame = fx.sent[0];
  assert.equal(frame.type, 'merge');
  assert.equal(frame.seq, 1);
  assert.equal(frame.src, 'c1');
  assert.deepEqual(frame.changes, { registers: [{ path: ['name'], value: 'Ad', at: '1000:0:c1' }], sets: [] });
  e.submit([{ p: ['name', 2], si: 'a' }]);
  assert.equal(fx.sent.length, 1, 'one merge in flight at a time');
  assert.equal(e.doc.name, 'Ada', 'the page shows the pending write');
  assert.equal(e.unsent, 1, 'one field waits: the later write replaces the one in flight in the queue');
  const { after, frame: echo } = sequenced(start, frame, 3, 'c1');
  e.receive(echo);
  assert.equal(e.version, 4);
  assert.deepEqual(fx.acked, [{ seq: 1, version: 4 }]);
  assert.equal(withoutState(after).name, 'Ad');
  assert.equal(e.doc.name, 'Ada', 'the later write still shows');
  assert.equal(fx.sent.length, 2, 'the later write is sent after the ack');
  assert.deepEqual(fx.sent[1].changes.registers, [{ path: ['name'], value: 'Ada', at: '1000:1:c1' }]);
});

test('listAdd_andRemoveOfAGeneratedItem_areAnAddAndAnObservedRemove_whichTheServerApplies', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.submit([{ p: ['goals', 1], ld: 'Less email' }]);
  const removal = fx.sent[0].changes.sets[0];
  assert.deepEqual(removal.path, ['goals']);
  assert.equal(removal.adds.length, 0);
  assert.equal(removal.removed.length, 1, 'the base tag the sequencer will give the generated item');
  const { after, frame } = sequenced(start, fx.sent[0], 0, 'c1');
  assert.deepEqual(withoutState(after).goals, ['Ship weekly'], 'the server removes it');
  e.receive(frame);
  e.submit([{ p: ['goals', 1], li: 'Talk to users' }]);
  const { after: after2, frame: frame2 } = sequenced(after, fx.sent[1], 1, 'c1');
  e.receive(frame2);
  assert.deepEqual(withoutState(after2).goals, ['Ship weekly', 'Talk to users']);
  assert.deepEqual(withoutState(e.doc), withoutState(after2));
  assert.ok(e.synced);
});

test('offline_hundredsOfChanges_waitWithoutLoss_thenGoInMergesOfAtMost1000Entries_andNeverCountAsLost', () => {
  let now = 5_000;
  const { e, fx } = engine(() => now);
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.connectionLost();
  for (let i = 0; i < 1_200; i++) {
    now++;
    e.submit([{ p: ['goals', 2 + i], li: `Goal ${i}` }]);
  }
  e.submit([{ p: ['title', 0], si: 'Lead' }]);
  assert.equal(fx.sent.length, 0, 'nothing is sent offline');
  assert.equal(e.doc.goals.length, 1_202);
  // The server moved on meanwhile; the page's version is old. A fresh welcome (no resume):
  const server = { ...start, name: 'Set by Bob' };
  reconnectFresh(e, fx, 'c2', 40, server);
  assert.deepEqual(fx.lost, [], 'CRDT changes are never lost');
  assert.equal(fx.sent.length, 1);
  assert.equal(fx.sent[0].type, 'merge');
  const entries = (c) => c.registers.length + c.sets.reduce((n, s) => n + s.adds.length + s.removed.length, 0);
  assert.equal(entries(fx.sent[0].changes), MAX_MERGE_ENTRIES);
  let doc = server;
  let v = 40;
  while (fx.sent.length > 0) {
    const f = fx.sent.shift();
    const { after, frame } = sequenced(doc, f, v++, 'c2');
    doc = after;
    e.receive(frame);
  }
  assert.ok(e.synced);
  assert.equal(e.version, 42, 'two merges');
  assert.deepEqual(withoutState(e.doc), withoutState(doc));
  assert.equal(doc.goals.length, 1_202);
  assert.equal(doc.name, 'Set by Bob', 'the others\' work is kept');
  assert.equal(doc.title, 'Lead');
});

test('remoteOp_whileChangesWait_showsBoth_andTheLaterWriteWinsAfterTheMerge', () => {
  let now = 10_000;
  const { e, fx } = engine(() => now);
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.connectionLost();
  e.submit([{ p: ['title', 0], si: 'Mine' }]);
  // Bob's merge arrives on the next socket, written before ours (an earlier stamp).
  reconnectFresh(e, fx, 'c1', 0, start);
  const bob = mergeDocument(start, CrdtState.write(['title'], 'Bobs', { millis: 9_000, counter: 0, node: 'cb' }).merge(CrdtState.write(['name'], 'Bo', { millis: 9_000, counter: 1, node: 'cb' })), 'sequencer', 9_500);
  const sent = fx.sent.shift();
  const bobOp = Object.keys(bob).filter((k) => JSON.stringify(bob[k]) !== JSON.stringify(start[k])).map((k) => (k in start ? { p: [k], od: start[k], oi: bob[k] } : { p: [k], oi: bob[k] }));
  e.receive({ type: 'op', v: 0, src: 'cb', seq: 1, op: bobOp, user_id: 'bob' });
  assert.equal(e.doc.title, 'Mine', 'our pending later write still shows');
  assert.equal(e.doc.name, 'Bo');
  const last = fx.changes[fx.changes.length - 1];
  assert.deepEqual(last.op.map((c) => c.p[0]).sort(), ['name'], 'the page is told what changed in its view only');
  const { after, frame } = sequenced(bob, sent, 1, 'c1');
  e.receive(frame);
  assert.equal(after.title, 'Mine');
  assert.deepEqual(withoutState(e.doc), withoutState(after));
});

test('refusedMerge_takesItsChangesOutOfTheDocument_andReportsIt_retriableOnesAreRetried', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.submit([{ p: ['title', 0], si: 'X' }]);
  e.receive({ type: 'nack', seq: 1, code: 'rate_limited', message: 'slow down', retryAfter: 20 });
  assert.deepEqual(fx.retries, [{ seq: 1, sends: 1, after: 20 }]);
  e.retry(1, 1);
  assert.equal(fx.sent.length, 2);
  assert.deepEqual(fx.sent[1], fx.sent[0], 'the same merge with the same seq');
  e.receive({ type: 'nack', seq: 1, code: 'not_your_turn', message: 'Bob has the floor' });
  assert.equal(e.doc.title, '');
  assert.deepEqual(fx.refused.map((r) => r.code), ['not_your_turn']);
  assert.equal(fx.changes[fx.changes.length - 1].kind, 'rollback');
  assert.ok(e.synced);
});

test('notExpressible_changes_goAsJson0_andAreRefusedWhileCrdtChangesToTheFieldWait', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.submit([{ p: ['quotes'], oi: [] }]); // a new list: json0
  assert.equal(fx.sent[0].type, 'op');
  e.connectionLost();
  e.submit([{ p: ['goals', 2], li: 'Third' }]);
  assert.throws(() => e.submit([{ p: ['goals', 0], lm: 2 }]), /once your offline changes to it are saved/);
  assert.deepEqual(e.doc.goals, ['Ship weekly', 'Less email', 'Third'], 'the refused move changed nothing');
  e.submit([{ p: ['title', 0], si: 'T' }]);
  assert.equal(e.doc.title, 'T');
});

test('anInsertBeforeTheEnd_isShownWhereTheSetPutsIt_atTheEnd', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.submit([{ p: ['goals', 0], li: 'First?' }]);
  assert.deepEqual(e.doc.goals, ['Ship weekly', 'Less email', 'First?']);
  const adjust = fx.changes.find((c) => c.kind === 'adjust');
  assert.ok(adjust, 'the page is told the item went to the end');
  assert.deepEqual(adjust.op[0].oi, ['Ship weekly', 'Less email', 'First?']);
});

test('typingIntoListItems_keepsEachItem_evenWhenOneReadsLikeAnotherOnTheWay_andAnEditedItemKeepsItsPlace', () => {
  let now = 20_000;
  const { e, fx } = engine(() => now++);
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.connectionLost();
  const typeItem = (index, text) => {
    e.submit([{ p: ['goals', index], li: '' }]);
    [...text].forEach((ch, i) => e.submit([{ p: ['goals', index, i], si: ch }]));
  };
  typeItem(2, 'Goal 1');
  typeItem(3, 'Goal 10'); // reads "Goal 1" for a moment
  assert.deepEqual(e.doc.goals, ['Ship weekly', 'Less email', 'Goal 1', 'Goal 10']);
  // Editing the first item in place: it stays first.
  e.submit([{ p: ['goals', 0, 4], si: 'ing' }]);
  assert.deepEqual(e.doc.goals, ['Shiping weekly', 'Less email', 'Goal 1', 'Goal 10']);
  e.submit([{ p: ['goals', 2], ld: 'Goal 1' }]);
  assert.deepEqual(e.doc.goals, ['Shiping weekly', 'Less email', 'Goal 10']);
  // The server, merging it all, agrees.
  reconnectFresh(e, fx, 'c1', 0, start);
  let doc = start;
  let v = 0;
  while (fx.sent.length > 0) {
    const { after, frame } = sequenced(doc, fx.sent.shift(), v++, 'c1');
    doc = after;
    e.receive(frame);
  }
  assert.deepEqual(doc.goals, ['Shiping weekly', 'Less email', 'Goal 10']);
  assert.deepEqual(withoutState(e.doc), withoutState(doc));
});

test('aMove_inOfflineMode_isRefusedWithAReason_whileChangesToTheListWait', () => {
  const { e } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, start));
  e.connectionLost();
  e.submit([{ p: ['goals', 2], li: 'x' }]);
  assert.throws(() => e.submit([{ p: ['goals', 2], lm: 0 }]), /once your offline changes to it are saved/);
});

test('savedChanges_takenBackByANewPage_areShownAndSent_andMalformedOnesChangeNothing', () => {
  const first = engine(() => 30_000);
  first.e.connectionOpened();
  first.e.receive(welcome('c1', 0, start));
  first.e.connectionLost();
  first.e.submit([{ p: ['title', 0], si: 'Kept' }]);
  first.e.submit([{ p: ['goals', 2], li: 'Kept goal' }]);
  const saved = JSON.parse(JSON.stringify(first.e.savedCrdt()));
  assert.ok(saved.registers.length === 1 && saved.sets.length === 1);

  const { e, fx } = engine(() => 40_000); // the reloaded page
  assert.throws(() => e.restoreCrdt(saved), /no document yet/);
  e.connectionOpened();
  e.receive(welcome('c7', 3, start));
  assert.throws(() => e.restoreCrdt({ registers: [{ path: ['_crdt'], value: 1, at: '1:0:a' }] }), /reserved/);
  assert.equal(e.doc.title, '', 'a malformed state changed nothing');
  e.restoreCrdt(saved);
  assert.equal(e.doc.title, 'Kept');
  assert.deepEqual(e.doc.goals, ['Ship weekly', 'Less email', 'Kept goal']);
  assert.equal(fx.changes[fx.changes.length - 1].kind, 'adjust');
  const { after, frame } = sequenced(start, fx.sent.shift(), 3, 'c7');
  e.receive(frame);
  assert.ok(e.synced);
  assert.equal(e.savedCrdt(), null);
  assert.deepEqual(withoutState(e.doc), withoutState(after));
  // The page's own clock goes on past the restored stamps.
  e.submit([{ p: ['title', 4], si: '!' }]);
  assert.ok(fx.sent[0].changes.registers[0].at > saved.registers[0].at);
});
