#!/usr/bin/env node
// Prints random conformance requests (JSON lines) from the seeded generator, e.g. to time or
// cross-check runners: node testlib/requests.mjs [count] [seed] > requests.jsonl
import { createRequire } from 'node:module';
import { rng, persona, op, focusOf, listBattle, corrupt } from './gen.mjs';
import { apply } from '../json0.mjs';

const require = createRequire(import.meta.url);
const oracle = require('ot-json0').type;

export function* requests(count, seed = 1) {
  let n = 0;
  for (let s = seed; n < count; s++) {
    const r = rng(s, true);
    let doc, a, b;
    if (r.chance(0.25)) ({ doc, a, b } = listBattle(r));
    else {
      doc = persona(r);
      a = op(r, doc);
      b = op(r, doc, 3, r.chance(0.7) ? focusOf(r, a) : undefined);
    }
    const da = apply(doc, a);
    const batch = [
      { fn: 'apply', doc, op: a },
      { fn: 'transform', op: a, other: b, side: 'left' },
      { fn: 'transform', op: b, other: a, side: 'right' },
      { fn: 'compose', a, b: op(r, da) },
      { fn: 'invert', op: a },
      { fn: 'normalize', op: a.concat(b) },
      { fn: 'apply', doc: da, op: oracle.transform(JSON.parse(JSON.stringify(b)), JSON.parse(JSON.stringify(a)), 'right') },
    ];
    if (r.chance(0.2)) batch.push({ fn: 'apply', doc, op: corrupt(r, doc, a) });
    for (const q of batch) {
      if (n++ >= count) return;
      yield JSON.stringify(q);
    }
  }
}

if (process.argv[1]?.endsWith('requests.mjs')) {
  const count = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  const out = [];
  for (const line of requests(count, seed)) out.push(line);
  process.stdout.write(out.join('\n') + '\n');
}
