// The worked examples of spec.md, one named test per conflict, shared with the Java engine
// (src/test/resources/worked-examples.json) and checked against ot-json0 as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { canonical } from '../json0.mjs';
import { assertTransforms } from '../testlib/laws.mjs';

const require = createRequire(import.meta.url);
const oracle = require('ot-json0').type;
const examples = JSON.parse(fs.readFileSync(new URL('../../src/test/resources/worked-examples.json', import.meta.url), 'utf8'));
const clone = (v) => JSON.parse(JSON.stringify(v));

for (const t of examples) {
  test(`transform_${t.name}`, () => {
    const result = assertTransforms(t.doc, t.a, t.b, t.left, t.right);
    assert.equal(canonical(result), canonical(t.result));
  });
  test(`oracle agrees: ${t.name}`, () => {
    assert.equal(canonical(oracle.transform(clone(t.a), clone(t.b), 'left')), canonical(t.left));
    assert.equal(canonical(oracle.transform(clone(t.b), clone(t.a), 'right')), canonical(t.right));
    assert.equal(canonical(oracle.apply(oracle.apply(clone(t.doc), clone(t.b)), clone(t.left))), canonical(t.result));
  });
}
