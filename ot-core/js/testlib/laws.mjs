// The OT laws, written once; every JavaScript test case goes through them.
import assert from 'node:assert/strict';
import { apply, transform, compose, invert, canonical, deepEqual } from '../json0.mjs';

// Equal JSON, where numbers may differ by floating-point rounding: JSON numbers are doubles, and
// (0.2 - 3) + 3 is not 0.2. With integers (what personas hold) the laws hold exactly.
function assertSame(actual, expected, message) {
  if (!deepEqual(actual, expected, true)) assert.equal(canonical(actual), canonical(expected), message);
}

/** Deep-freezes a JSON value: in an ES module (strict mode) any write to it then throws. */
export function deepFreeze(v) {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze(v[k]);
  }
  return v;
}

const repro = (fn, fields) => JSON.stringify({ fn, ...fields });

/** TP1: apply(apply(d,a), transform(b,a,right)) equals apply(apply(d,b), transform(a,b,left)). */
export function assertConverges(doc, a, b) {
  const ar = transform(b, a, 'right');
  const bl = transform(a, b, 'left');
  const viaA = apply(apply(doc, a), ar);
  const viaB = apply(apply(doc, b), bl);
  assertSame(viaA, viaB,
    `TP1 fails; repro: ${repro('transform', { op: a, other: b, side: 'left' })} on doc ${JSON.stringify(doc)}`);
  return viaA;
}

/** apply(apply(d, a), invert(a)) equals d. */
export function assertInvertible(doc, a) {
  const back = apply(apply(doc, a), invert(a));
  assertSame(back, doc, `invert fails; repro: ${repro('invert', { op: a })} on doc ${JSON.stringify(doc)}`);
}

/** apply(d, compose(a, b)) equals apply(apply(d, a), b). */
export function assertComposes(doc, a, b) {
  const once = apply(doc, compose(a, b));
  const twice = apply(apply(doc, a), b);
  assertSame(once, twice, `compose fails; repro: ${repro('compose', { a, b })} on doc ${JSON.stringify(doc)}`);
}

/** Runs fn on deep-frozen copies of the inputs (a write throws) and checks they still read the same. */
export function assertNoMutation(inputs, fn) {
  const before = inputs.map((v) => JSON.stringify(v));
  const frozen = inputs.map((v) => deepFreeze(structuredClone(v)));
  fn(...frozen);
  frozen.forEach((v, i) => assert.equal(JSON.stringify(v), before[i], `input ${i} was mutated`));
}

/** transform(a, b, left) and transform(b, a, right) give the expected ops, and the diamond closes. */
export function assertTransforms(doc, a, b, expectLeft, expectRight) {
  assert.equal(canonical(transform(a, b, 'left')), canonical(expectLeft), 'transform(a, b, left)');
  assert.equal(canonical(transform(b, a, 'right')), canonical(expectRight), 'transform(b, a, right)');
  return assertConverges(doc, a, b);
}
