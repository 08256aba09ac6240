import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('../conformance.mjs', import.meta.url));

test('conformance_answersEveryLineInOrder', () => {
  const input = [
    '{"fn":"apply","doc":{"n":1},"op":[{"p":["n"],"na":2}]}',
    'not json',
    '{"fn":"transform","op":[{"p":[0],"li":"a"}],"other":[{"p":[0],"li":"b"}],"side":"right"}',
    '{"fn":"nope"}',
    '{"fn":"invert","op":[{"p":["a"],"oi":1}]}',
    '{"fn":"compose","a":[{"p":["n"],"na":1}],"b":[{"p":["n"],"na":2}]}',
    '{"fn":"normalize","op":[{"p":["s",0],"si":"a"},{"p":["s",1],"si":"b"}]}',
    '{"fn":"apply","doc":{},"op":[{"p":["x"],"od":1}]}',
  ].join('\n');
  const out = spawnSync(process.execPath, [runner], { input, encoding: 'utf8' }).stdout.trim().split('\n');
  assert.deepEqual(out.map((l) => Object.keys(JSON.parse(l))[0]), ['ok', 'error', 'ok', 'error', 'ok', 'ok', 'ok', 'error']);
  assert.equal(out[0], '{"ok":{"n":3}}');
  assert.match(out[1], /^\{"error":"malformed_json: /);
  assert.equal(out[2], '{"ok":[{"p":[1],"li":"a"}]}'); // the right op goes after the left one
  assert.match(out[3], /bad_request/);
  assert.equal(out[6], '{"ok":[{"p":["s",0],"si":"ab"}]}');
  assert.match(out[7], /^\{"error":"missing_key: component 0 /);
});
