#!/usr/bin/env node
// The reference oracle: the same JSON-lines protocol as conformance.mjs, answered by the npm package
// ot-json0 (a dev dependency). Used by the differential tests of both engines and by bench/ot.
import { createRequire } from 'node:module';
import { run } from '../conformance.mjs';

const require = createRequire(import.meta.url);
const json0 = require('ot-json0').type;

export function oracle(req) {
  switch (req.fn) {
    case 'apply': return json0.apply(req.doc, req.op);
    case 'transform': return json0.transform(req.op, req.other, req.side);
    case 'compose': return json0.compose(req.a, req.b);
    case 'invert': return json0.invert(req.op);
    case 'normalize': return json0.normalize(req.op);
    default: throw new Error(`unknown fn ${req.fn}`);
  }
}

export function handleOracle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ error: `malformed_json: ${e.message}` });
  }
  try {
    const ok = oracle(req);
    if (ok === undefined) return JSON.stringify({ error: 'oracle: result is undefined' });
    return JSON.stringify({ ok });
  } catch (e) {
    return JSON.stringify({ error: `oracle: ${e && e.message}` });
  }
}

if (process.argv[1]?.endsWith('oracle.mjs')) {
  await run(process.stdin, process.stdout, handleOracle);
}
