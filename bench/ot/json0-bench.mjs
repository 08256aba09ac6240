#!/usr/bin/env node
// The benchmark loop of TransformApplyBenchmark (ot-core/src/jmh/java), on the same corpus, through
// ot-json0 (the reference) and through our JavaScript engine. One pass: for every pair (a, b),
// transform(a, b, left), transform(b, a, right), then apply a and b' to the running document.
// Prints JSON: microseconds per pair for each implementation.
// Usage: node bench/ot/json0-bench.mjs bench/ot/corpus.jsonl [seconds]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as ours from '../../ot-core/js/json0.mjs';

const require = createRequire(new URL('../../ot-core/js/', import.meta.url));
const json0 = require('ot-json0').type;

const [file, seconds = '10'] = process.argv.slice(2);
const [head, ...rest] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const pairs = rest.map(({ a, b }) => [a, b]);
const startText = JSON.stringify(head.doc);

function pass(impl, clonesDoc) {
  // json0's apply mutates the document, so it gets a fresh copy of the start document per pass
  // (one parse per 1,000 pairs); our engine never mutates and starts from the same object.
  let doc = clonesDoc ? JSON.parse(startText) : head.doc;
  let sink = 0;
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = pairs[i];
    const left = impl.transform(a, b, 'left');
    const right = impl.transform(b, a, 'right');
    doc = impl.apply(impl.apply(doc, a), right);
    sink += left.length;
  }
  return sink + (doc ? 1 : 0);
}

function measure(name, impl, clonesDoc) {
  const warmEnd = Date.now() + 3000;
  while (Date.now() < warmEnd) pass(impl, clonesDoc);
  const runs = [];
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) {
    const t0 = process.hrtime.bigint();
    pass(impl, clonesDoc);
    runs.push(Number(process.hrtime.bigint() - t0) / 1000 / pairs.length);
  }
  runs.sort((x, y) => x - y);
  const mean = runs.reduce((s, x) => s + x, 0) / runs.length;
  return { name, passes: runs.length, meanUsPerPair: mean, medianUsPerPair: runs[runs.length >> 1] };
}

// check first that both produce the same final document on this corpus
const endDoc = (impl, clonesDoc) => {
  let doc = clonesDoc ? JSON.parse(startText) : head.doc;
  for (const [a, b] of pairs) doc = impl.apply(impl.apply(doc, a), impl.transform(b, a, 'right'));
  return ours.canonical(doc);
};
if (endDoc(json0, true) !== endDoc(ours, false)) throw new Error('ot-json0 and our engine disagree on the corpus');

const results = [measure('ot-json0', json0, true), measure('ours-js', ours, false)];
console.log(JSON.stringify({ pairs: pairs.length, node: process.version, results }));
