import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, transform, compose, invert, normalize, checkOp, tryApply, tryTransform, OtError } from '../json0.mjs';
import { deepFreeze } from '../testlib/laws.mjs';

const persona = deepFreeze({ name: 'Zoë', goals: ['ship', 'learn'], demographics: { age: 34 }, bio: 'I 😀 tea' });

const rejects = (fn, code, pattern) => assert.throws(fn, (e) => e instanceof OtError && e.code === code && (!pattern || pattern.test(e.message)));

test('apply_eachComponentKind', () => {
  const table = [
    [[{ p: ['title'], oi: 'Lead' }], { ...persona, title: 'Lead' }],
    [[{ p: ['name'], od: 'Zoë' }], { goals: persona.goals, demographics: persona.demographics, bio: persona.bio }],
    [[{ p: ['name'], od: 'Zoë', oi: 'Ann' }], { ...persona, name: 'Ann' }],
    [[{ p: ['goals', 2], li: 'rest' }], { ...persona, goals: ['ship', 'learn', 'rest'] }],
    [[{ p: ['goals', 0], ld: 'ship' }], { ...persona, goals: ['learn'] }],
    [[{ p: ['goals', 0], ld: 'ship', li: 'sail' }], { ...persona, goals: ['sail', 'learn'] }],
    [[{ p: ['goals', 0], lm: 1 }], { ...persona, goals: ['learn', 'ship'] }],
    [[{ p: ['demographics', 'age'], na: 1 }], { ...persona, demographics: { age: 35 } }],
    [[{ p: ['name', 3], si: '!' }], { ...persona, name: 'Zoë!' }],
    [[{ p: ['bio', 2], sd: '😀' }], { ...persona, bio: 'I  tea' }],
  ];
  for (const [op, expected] of table) assert.deepEqual(apply(persona, op), expected, JSON.stringify(op));
});

test('apply_offsetsAreUtf16CodeUnits', () => {
  // the emoji is two UTF-16 code units, as in every JavaScript string
  assert.equal(apply('a😀b', [{ p: [3], si: 'X' }]), 'a😀Xb');
  assert.equal(apply('a😀b', [{ p: [1], sd: '😀' }]), 'ab');
});

test('apply_numbersAddLikeJavaScript', () => {
  assert.equal(JSON.stringify(apply({ n: 1 }, [{ p: ['n'], na: 2 }])), '{"n":3}');
  assert.equal(apply(0.1, [{ p: [], na: 0.2 }]), 0.30000000000000004);
});

test('apply_errorsNameTheComponentAndReason', () => {
  rejects(() => apply(persona, [{ p: ['goals', 5], li: 'x' }]), 'index_out_of_range', /component 0 \(li at \["goals",5\]\)/);
  rejects(() => apply(persona, [{ p: ['nope', 'x'], oi: 1 }]), 'missing_key');
  rejects(() => apply(persona, [{ p: ['name'], oi: 'x' }]), 'key_exists');
  rejects(() => apply(persona, [{ p: ['name'], od: 'Bob' }]), 'value_mismatch');
  rejects(() => apply(persona, [{ p: ['goals', 0], ld: 'sail' }]), 'value_mismatch');
  rejects(() => apply(persona, [{ p: ['name', 0], sd: 'X' }]), 'value_mismatch');
  rejects(() => apply(persona, [{ p: ['name'], na: 1 }]), 'type_mismatch');
  rejects(() => apply(persona, [{ p: ['goals', 'x'], oi: 1 }]), 'type_mismatch');
  rejects(() => apply(persona, [{ p: ['demographics', 0], li: 1 }]), 'type_mismatch');
  rejects(() => apply(persona, [{ p: ['name', 9], si: 'x' }]), 'index_out_of_range');
  rejects(() => apply(persona, [{ p: ['goals', 0], lm: 7 }]), 'index_out_of_range');
  rejects(() => apply(persona, [{ p: ['goals', 0, 'x'], oi: 1 }]), 'type_mismatch');
  rejects(() => apply(persona, [{ p: [], oi: {} }]), 'key_exists');
  rejects(() => apply({ n: 1e308 }, [{ p: ['n'], na: 1e308 }]), 'bad_number');
});

test('checkOp_malformedOpsNameComponentAndField', () => {
  rejects(() => checkOp({ p: [] }), 'bad_op');
  rejects(() => checkOp([1]), 'bad_component', /component 0/);
  rejects(() => checkOp([{ p: ['a'], oi: 1 }, { p: 'a', oi: 1 }]), 'bad_path', /component 1 .*"p"/);
  rejects(() => checkOp([{ p: [-1], li: 1 }]), 'bad_path');
  rejects(() => checkOp([{ p: [1.5], li: 1 }]), 'bad_path');
  rejects(() => checkOp([{ p: ['a'], li: 1 }]), 'bad_path');
  rejects(() => checkOp([{ p: [0], oi: 1 }]), 'bad_path');
  rejects(() => checkOp([{ p: [], od: 1 }]), 'bad_path');
  rejects(() => checkOp([{ p: ['a'] }]), 'bad_component', /no instruction/);
  rejects(() => checkOp([{ p: ['a'], oi: 1, na: 1 }]), 'bad_component');
  rejects(() => checkOp([{ p: ['a'], na: '1' }]), 'bad_component', /"na"/);
  rejects(() => checkOp([{ p: ['a', 0], si: 1 }]), 'bad_component', /"si"/);
  rejects(() => checkOp([{ p: ['a', 0], lm: -1 }]), 'bad_component', /"lm"/);
  rejects(() => checkOp([{ p: ['a', 0], t: 'text0', o: [] }]), 'bad_component', /subtype/);
  rejects(() => transform([], [], 'middle'), 'bad_side');
});

test('apply_isAtomic', () => {
  const doc = { a: 1, list: [1, 2] };
  rejects(() => apply(doc, [{ p: ['a'], na: 1 }, { p: ['list', 9], ld: 1 }]), 'index_out_of_range', /component 1/);
  assert.deepEqual(doc, { a: 1, list: [1, 2] });
});

test('tryFunctions_returnResults', () => {
  assert.deepEqual(tryApply({}, [{ p: ['a'], oi: 1 }]), { ok: { a: 1 } });
  assert.equal(tryApply({}, [{ p: ['a'], od: 1 }]).error.code, 'missing_key');
  assert.equal(tryTransform([{ p: ['s', 0], sd: 'ab' }], [{ p: ['s', 1], sd: 'xy' }], 'left').error.code, 'transform_conflict');
});

test('compose_invert_normalize_followJson0', () => {
  assert.deepEqual(compose([{ p: ['n'], na: 1 }], [{ p: ['n'], na: 2 }]), [{ p: ['n'], na: 3 }]);
  assert.deepEqual(compose([{ p: ['s', 0], si: 'ab' }], [{ p: ['s', 2], si: 'c' }]), [{ p: ['s', 0], si: 'abc' }]);
  assert.deepEqual(compose([{ p: ['l', 0], li: 'x' }], [{ p: ['l', 0], ld: 'x' }]), []);
  assert.deepEqual(invert([{ p: ['l', 0], lm: 2 }, { p: ['n'], na: 2 }]), [{ p: ['n'], na: -2 }, { p: ['l', 2], lm: 0 }]);
  assert.deepEqual(normalize({ oi: 1 }), [{ p: [], oi: 1 }]);
});
