#!/usr/bin/env node
// Conformance runner for the JavaScript engine: JSON lines in, JSON lines out (see ot-core/spec.md).
//   {"fn":"apply","doc":D,"op":O} -> {"ok":D2}      {"fn":"transform","op":O,"other":P,"side":"left"} -> {"ok":O2}
//   {"fn":"compose","a":O,"b":P} -> {"ok":O3}       {"fn":"invert","op":O} -> {"ok":O4}
//   {"fn":"normalize","op":O} -> {"ok":O5}          anything that fails -> {"error":"<code>: <message>"}
import { createInterface } from 'node:readline';
import { apply, transform, compose, invert, normalize, OtError, ErrorCode } from './json0.mjs';

export function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ error: `${ErrorCode.MALFORMED_JSON}: ${e.message}` });
  }
  try {
    return JSON.stringify({ ok: dispatch(req) });
  } catch (e) {
    if (e instanceof OtError) return JSON.stringify({ error: `${e.code}: ${e.message}` });
    return JSON.stringify({ error: `internal: ${e && e.message}` });
  }
}

function need(req, field) {
  if (req[field] === undefined) throw new OtError(ErrorCode.BAD_REQUEST, `missing field "${field}"`);
  return req[field];
}

function dispatch(req) {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) throw new OtError(ErrorCode.BAD_REQUEST, 'a request must be a JSON object');
  switch (req.fn) {
    case 'apply': return apply(need(req, 'doc'), need(req, 'op'));
    case 'transform': return transform(need(req, 'op'), need(req, 'other'), need(req, 'side'));
    case 'compose': return compose(need(req, 'a'), need(req, 'b'));
    case 'invert': return invert(need(req, 'op'));
    case 'normalize': return normalize(need(req, 'op'));
    default: throw new OtError(ErrorCode.BAD_REQUEST, `unknown fn ${JSON.stringify(req.fn)}`);
  }
}

/**
 * Answers every line of `input` on `output`, in order. Answers are written in batches, and a
 * batch is flushed as soon as no more input is waiting, so an interactive caller (one request,
 * wait for the answer) never waits on a half-full buffer.
 */
export function run(input, output, handler = handle) {
  return new Promise((resolve) => {
    const rl = createInterface({ input, crlfDelay: Infinity });
    let buf = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (buf.length) {
        output.write(buf.join('\n') + '\n');
        buf = [];
      }
    };
    rl.on('line', (line) => {
      buf.push(handler(line));
      if (buf.length >= 512) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
    rl.on('close', () => {
      flush();
      resolve();
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('conformance.mjs')) {
  await run(process.stdin, process.stdout);
}
