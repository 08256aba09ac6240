// The JavaScript engine against ot-json0, in-process (OT_JS_DIFF_CASES cases; the Maven fuzz
// profile raises it). Every failure prints its seed and a one-line repro for tools/ot-conformance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDifferential } from '../testlib/differential.mjs';

const CASES = Number(process.env.OT_JS_DIFF_CASES ?? 20000);
const SEED = Number(process.env.OT_JS_DIFF_SEED ?? 1);

test(`differential_matchesOtJson0 (${CASES} cases from seed ${SEED})`, () => {
  const failures = runDifferential(CASES, SEED);
  assert.deepEqual(failures.map((f) => `seed ${f.seed}: ${f.why}\n  repro: ${f.line}`), []);
});
