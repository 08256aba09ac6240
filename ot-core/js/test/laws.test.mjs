// The OT laws over generated persona documents and ops, on frozen inputs (no input is mutated).
import { test } from 'node:test';
import { apply, transform, compose, invert, normalize, deepEqual } from '../json0.mjs';
import { assertConverges, assertInvertible, assertComposes, assertNoMutation } from '../testlib/laws.mjs';
import { rng, persona, op, focusOf, listBattle } from '../testlib/gen.mjs';
import assert from 'node:assert/strict';

const CASES = Number(process.env.OT_JS_LAW_CASES ?? 3000);

function* cases(seed) {
  for (let s = seed; s < seed + CASES; s++) {
    const r = rng(s);
    if (r.chance(0.25)) {
      yield { s, r, ...listBattle(r) };
    } else {
      const doc = persona(r);
      const a = op(r, doc);
      yield { s, r, doc, a, b: op(r, doc, 3, r.chance(0.7) ? focusOf(r, a) : undefined) };
    }
  }
}

test('transform_convergesOnGeneratedPersonas (TP1)', () => {
  for (const { doc, a, b } of cases(1)) assertConverges(doc, a, b);
});

test('invert_undoesGeneratedOps', () => {
  for (const { doc, a } of cases(10_001)) assertInvertible(doc, a);
});

test('compose_equalsApplyingInSequence', () => {
  for (const { r, doc, a } of cases(20_001)) assertComposes(doc, a, op(r, apply(doc, a)));
});

test('normalize_keepsTheEffect', () => {
  for (const { r, doc, a } of cases(30_001)) {
    const b = op(r, apply(doc, a));
    assert.ok(deepEqual(apply(doc, normalize(a.concat(b))), apply(apply(doc, a), b), true));
  }
});

test('everyFunction_neverMutatesItsInputs', () => {
  for (const { r, doc, a, b } of cases(40_001)) {
    assertNoMutation([doc, a, b], (d, x, y) => {
      apply(d, x);
      transform(x, y, 'left');
      transform(y, x, 'right');
      compose(x, op(r, apply(d, x)));
      invert(x);
      normalize(x.concat(y));
    });
  }
});
