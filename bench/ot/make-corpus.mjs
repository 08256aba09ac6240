#!/usr/bin/env node
// Generates the fixed benchmark corpus once: bench/ot/corpus.jsonl. The first line is the start
// document {"doc":D}; each further line is a concurrent pair {"a":A,"b":B} made against the
// document that the previous pairs produced (apply a, then transform(b, a, right)).
// Usage: node bench/ot/make-corpus.mjs [pairs] [seed] > bench/ot/corpus.jsonl
import { rng, persona, op, focusOf, listOp } from '../../ot-core/js/testlib/gen.mjs';
import { apply, transform } from '../../ot-core/js/json0.mjs';

const pairs = Number(process.argv[2] ?? 1000);
const r = rng(Number(process.argv[3] ?? 42));
let doc = persona(r);
doc.goals = ['Ship the onboarding revamp', 'Cut support tickets by half', 'Learn the new design system'];
doc.bio = 'Maya leads a team of six researchers. She runs weekly synthesis sessions, ' +
  'keeps a backlog of open questions, and wants findings that product managers will read. 😀';
const lines = [JSON.stringify({ doc })];
// the corpus keeps the persona's shape: no replacing or deleting the root or a top-level field
const keepsShape = (o) => o.every((c) => c.p.length > 1 || (c.od === undefined && c.oi === undefined) || (c.od === undefined && c.p.length === 1));
for (let i = 0; i < pairs; i++) {
  let a, b;
  do {
    if (Array.isArray(doc.goals) && r.chance(0.2)) {
      a = listOp(r, doc, ['goals']);
      b = listOp(r, doc, ['goals']);
    } else {
      a = op(r, doc);
      b = op(r, doc, 3, r.chance(0.7) ? focusOf(r, a) : undefined);
    }
  } while (!keepsShape(a) || !keepsShape(b));
  lines.push(JSON.stringify({ a, b }));
  doc = apply(apply(doc, a), transform(b, a, 'right'));
}
process.stdout.write(lines.join('\n') + '\n');
