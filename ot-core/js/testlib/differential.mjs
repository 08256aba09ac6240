#!/usr/bin/env node
// Differential test of the JavaScript engine against ot-json0 (the oracle), in one process.
// Usage: node testlib/differential.mjs [cases] [seed]
import { createRequire } from 'node:module';
import * as ours from '../json0.mjs';
import { rng, persona, op, corrupt, focusOf, listBattle } from './gen.mjs';

const require = createRequire(import.meta.url);
const oracle = require('ot-json0').type;

const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function call(impl, req) {
  // The oracle mutates its arguments, so each side gets its own copy of the request.
  const q = clone(req);
  try {
    let ok;
    switch (q.fn) {
      case 'apply': ok = impl.apply(q.doc, q.op); break;
      case 'transform': ok = impl.transform(q.op, q.other, q.side); break;
      case 'compose': ok = impl.compose(q.a, q.b); break;
      case 'invert': ok = impl.invert(q.op); break;
      default: ok = impl.normalize(q.op);
    }
    return ok === undefined ? { error: 'undefined result' } : { ok };
  } catch (e) {
    return { error: (e.code ? e.code + ': ' : '') + e.message };
  }
}

/**
 * Sends req to both; returns null when they agree. `strict` false means the request is known to
 * be invalid, where we may reject what the oracle silently accepts (spec.md, "Where we differ").
 */
export function compare(req, strict = true) {
  const a = call(ours, req);
  const b = call(oracle, req);
  if (b.error !== undefined) return a.error !== undefined ? null : `oracle rejects (${b.error}) but we return ${JSON.stringify(a.ok)}`;
  if (a.error !== undefined) return strict ? `we reject (${a.error}) but the oracle returns ${JSON.stringify(b.ok)}` : null;
  return ours.canonical(a.ok) === ours.canonical(b.ok) ? null : `we return ${JSON.stringify(a.ok)} but the oracle returns ${JSON.stringify(b.ok)}`;
}

/** Runs `cases` random cases from `seed`; returns a list of {seed, line, why}. */
export function runDifferential(cases, seed = 1, maxFailures = 5) {
  const failures = [];
  for (let n = 0; n < cases && failures.length < maxFailures; n++) {
    const s = seed + n;
    const r = rng(s, true);
    let doc, a, b;
    if (r.chance(0.25)) {
      ({ doc, a, b } = listBattle(r));
    } else {
      doc = persona(r);
      a = op(r, doc);
      b = op(r, doc, 3, r.chance(0.7) ? focusOf(r, a) : undefined);
    }
    const reqs = [
      [{ fn: 'apply', doc, op: a }, true],
      [{ fn: 'transform', op: a, other: b, side: 'left' }, true],
      [{ fn: 'transform', op: b, other: a, side: 'right' }, true],
      [{ fn: 'invert', op: a }, true],
      [{ fn: 'normalize', op: a.concat(b.length === 1 ? a : []) }, true],
    ];
    const da = ours.apply(doc, a);
    const a2 = op(r, da);
    reqs.push([{ fn: 'compose', a, b: a2 }, true]);
    // both sides of the diamond, through the oracle's transform
    const bx = call(oracle, { fn: 'transform', op: b, other: a, side: 'right' });
    if (bx.ok) reqs.push([{ fn: 'apply', doc: da, op: bx.ok }, true]);
    if (r.chance(0.2)) reqs.push([{ fn: 'apply', doc, op: corrupt(r, doc, a) }, false]);
    for (const [req, strict] of reqs) {
      const why = compare(req, strict);
      if (why) {
        failures.push({ seed: s, line: JSON.stringify(req), why });
        break;
      }
    }
  }
  return failures;
}

if (process.argv[1]?.endsWith('differential.mjs')) {
  const cases = Number(process.argv[2] ?? 20000);
  const seed = Number(process.argv[3] ?? 1);
  const t0 = Date.now();
  const failures = runDifferential(cases, seed, 20);
  for (const f of failures) console.log(`seed ${f.seed}: ${f.why}\n  repro: ${f.line}`);
  console.log(`${cases} cases from seed ${seed}: ${failures.length} failures in ${Date.now() - t0} ms`);
  process.exitCode = failures.length ? 1 : 0;
}
