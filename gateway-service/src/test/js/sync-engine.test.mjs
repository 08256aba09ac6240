import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncEngine, Phase } from '../../../target/classes/static/js/sync-engine.mjs';
import { canonical } from '../../../target/classes/static/js/json0.mjs';
import { SimServer } from './sim.mjs';
import { recordingEngine } from './engine-fx.mjs';

/** An engine wired to a recording effects object. */
const engine = recordingEngine;

function welcome(clientId, version, snapshot, resumed = false) {
  return { type: 'welcome', protocol: 1, clientId, version, snapshot: resumed ? undefined : snapshot, participants: [], resumed, presence: [] };
}

test('submit_beforeWelcome_throws', () => {
  const { e } = engine();
  assert.throws(() => e.submit([{ p: ['name'], oi: 'x' }]), /no document yet/);
});

test('submit_whileInflight_composesIntoOnePendingOp_andSendsItAfterTheAck', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, { name: '' }));
  e.submit([{ p: ['name', 0], si: 'A' }]);
  e.submit([{ p: ['name', 1], si: 'd' }]);
  e.submit([{ p: ['name', 2], si: 'a' }]);
  assert.deepEqual(e.doc, { name: 'Ada' }, 'local echo');
  assert.equal(fx.sent.length, 1, 'one op in flight');
  assert.deepEqual(fx.sent[0], { type: 'op', src: 'c1', seq: 1, v: 0, op: [{ p: ['name', 0], si: 'A' }] });
  assert.deepEqual(e.pending, [[{ p: ['name', 1], si: 'da' }]], 'later keys composed');
  e.receive({ type: 'op', v: 0, src: 'c1', seq: 1, op: [{ p: ['name', 0], si: 'A' }] });
  assert.equal(e.version, 1);
  assert.deepEqual(fx.sent[1], { type: 'op', src: 'c1', seq: 2, v: 1, op: [{ p: ['name', 1], si: 'da' }] });
});

test('ownOpComingBack_isReportedAcked_withTheNewVersion_andAnotherClientsOpIsNot', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 4, { name: '' }));
  e.submit([{ p: ['name', 0], si: 'A' }]);
  e.receive({ type: 'op', v: 4, src: 'c2', seq: 9, op: [{ p: ['name', 0], si: 'b' }], user_id: 'bob' });
  assert.deepEqual(fx.acked, [], 'a remote op is not an ack');
  e.receive({ type: 'op', v: 5, src: 'c1', seq: 1, op: [{ p: ['name', 0], si: 'A' }] });
  assert.deepEqual(fx.acked, [{ seq: 1, version: 6 }]);
  assert.equal(fx.changes.filter((c) => c.kind === 'remote').length, 1, 'the ack is not a change');
});

test('remoteOp_atTheSamePlace_isTransformedPastInflightAndPending_likeTheSequencer', () => {
  const { e } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, { name: 'ac' }));
  e.submit([{ p: ['name', 1], si: 'X' }]); // in flight
  e.submit([{ p: ['name', 2], si: 'Y' }]); // pending
  // Another client's insert at offset 1, sequenced first.
  e.receive({ type: 'op', v: 0, src: 'c2', seq: 1, op: [{ p: ['name', 1], si: 'b' }], user_id: 'bob' });
  // The sequencer transforms our later op with side left: it goes first at the shared offset
  // (ShareDB's rule), so 'a' + 'XY' + 'b' + 'c', and the in-flight op keeps its offset.
  assert.deepEqual(e.doc, { name: 'aXYbc' });
  assert.deepEqual(e.inflight.op, [{ p: ['name', 1], si: 'X' }]);
  assert.equal(e.version, 1);
});

test('nack_retriable_asksForARetry_andKeepsTheChange', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, {}));
  e.submit([{ p: ['a'], oi: 1 }]);
  e.receive({ type: 'nack', seq: 1, code: 'rate_limited', message: 'slow down', retryAfter: 250 });
  assert.deepEqual(fx.retries, [{ seq: 1, sends: 1, after: 250 }]);
  assert.deepEqual(e.doc, { a: 1 });
  e.retry(1, 1);
  assert.equal(fx.sent.length, 2);
  assert.equal(fx.sent[1].seq, 1, 'same seq again');
});

test('nack_final_undoesTheChange_keepsPendingOnTop_andReportsIt', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, { goals: ['a'] }));
  e.submit([{ p: ['goals', 1], li: 'b' }]);
  e.submit([{ p: ['goals', 2], li: 'c' }]);
  e.receive({ type: 'nack', seq: 1, code: 'forbidden', message: 'viewer' });
  assert.deepEqual(e.doc, { goals: ['a', 'c'] });
  assert.deepEqual(fx.refused, [{ code: 'forbidden', message: 'viewer', seq: 1 }]);
  assert.deepEqual(fx.sent[1].op, [{ p: ['goals', 1], li: 'c' }], 'pending moved past the undo and sent');
  assert.equal(fx.sent[1].seq, 2);
});

test('reconnect_resumes_resendsInflightWithTheSameSeq_andTheCatchUpAcksIt', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, { name: '' }));
  e.submit([{ p: ['name', 0], si: 'hi' }]);
  e.connectionLost();
  e.submit([{ p: ['name', 2], si: '!' }]); // typed while offline
  e.connectionOpened();
  e.receive(welcome('c9', 7, { ignored: true })); // a fresh socket's welcome
  assert.equal(e.phase, Phase.AWAIT_RESUME);
  assert.deepEqual(fx.sent.at(-1), { type: 'hello', protocol: 1, clientId: 'c1', version: 0, seq: 1 });
  e.receive({ type: 'op', v: 0, src: 'c9', seq: 1, op: [] }); // the fresh identity's stream: ignored
  e.receive(welcome('c1', 0, null, true));
  assert.equal(e.phase, Phase.LIVE);
  assert.deepEqual(fx.sent.at(-1), { type: 'op', src: 'c1', seq: 1, v: 0, op: [{ p: ['name', 0], si: 'hi' }] });
  // The server had sequenced it before the drop: its copy comes in the catch-up.
  e.receive({ type: 'op', v: 0, src: 'c1', seq: 1, op: [{ p: ['name', 0], si: 'hi' }] });
  e.receive({ type: 'ack', seq: 1, v: 0 });
  assert.deepEqual(fx.sent.at(-1), { type: 'op', src: 'c1', seq: 2, v: 1, op: [{ p: ['name', 2], si: '!' }] });
  assert.deepEqual(e.doc, { name: 'hi!' });
});

test('resumeRefused_takesTheSnapshot_andReportsTheLostChanges', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 0, {}));
  e.submit([{ p: ['a'], oi: 1 }]);
  e.connectionLost();
  e.connectionOpened();
  e.receive(welcome('c2', 5, { b: 2 }));
  e.receive(welcome('c2', 5, { b: 2 }, false));
  assert.deepEqual(e.doc, { b: 2 });
  assert.equal(e.version, 5);
  assert.equal(fx.lost.length, 1);
  assert.equal(e.lastSeq, 0, 'seq restarts for the new client id');
});

test('gapInTheStream_asksForAResumingReconnect', () => {
  const { e, fx } = engine();
  e.connectionOpened();
  e.receive(welcome('c1', 3, {}));
  e.receive({ type: 'op', v: 5, src: 'x', seq: 1, op: [] });
  assert.deepEqual(fx.reconnects, [{ resume: true, reason: 'gap in the op stream: expected op 3, received op 5' }]);
});

test('randomConcurrentEditing_everyClientEndsWithTheSequencersDocument', () => {
  // A seeded random schedule: 4 clients type, delete and insert list items in the same fields;
  // deliveries to each client are delayed by random amounts but stay in order per socket.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const server = new SimServer({ name: '', goals: [] });
  const clients = [];
  for (let i = 0; i < 4; i++) {
    const inbox = [];
    const outbox = [];
    const e = new SyncEngine({ send: (f) => outbox.push(f), changed: () => {}, retryLater: () => {}, reconnect: () => assert.fail('no resync expected') });
    e.connectionOpened();
    e.receive(welcome(`c${i}`, 0, { name: '', goals: [] }));
    clients.push({ e, inbox, outbox });
  }
  for (let step = 0; step < 3000; step++) {
    const c = clients[Math.floor(rnd() * clients.length)];
    const action = rnd();
    if (action < 0.35 && c.e.unsent < 3) {
      const name = c.e.doc.name;
      const at = Math.floor(rnd() * (name.length + 1));
      if (rnd() < 0.7 || name.length === 0) c.e.submit([{ p: ['name', at], si: String.fromCharCode(97 + Math.floor(rnd() * 26)) }]);
      else c.e.submit([{ p: ['name', Math.min(at, name.length - 1)], sd: name[Math.min(at, name.length - 1)] }]);
    } else if (action < 0.45 && c.e.unsent < 3) {
      const goals = c.e.doc.goals;
      if (goals.length > 0 && rnd() < 0.4) {
        const i = Math.floor(rnd() * goals.length);
        c.e.submit([{ p: ['goals', i], ld: goals[i] }]);
      } else c.e.submit([{ p: ['goals', Math.floor(rnd() * (goals.length + 1))], li: `g${step}` }]);
    } else if (action < 0.75 && c.outbox.length) {
      const out = server.submit(c.outbox.shift());
      if (out.op) for (const d of clients) d.inbox.push(out.op);
      else if (out.nack) c.inbox.push(out.nack);
    } else if (c.inbox.length) {
      c.e.receive(c.inbox.shift());
    }
  }
  // Drain everything.
  for (let round = 0; round < 10000 && clients.some((c) => c.inbox.length || c.outbox.length); round++) {
    for (const c of clients) {
      if (c.outbox.length) {
        const out = server.submit(c.outbox.shift());
        if (out.op) for (const d of clients) d.inbox.push(out.op);
      }
      while (c.inbox.length) c.e.receive(c.inbox.shift());
    }
  }
  assert.ok(server.log.length > 100, `enough ops were sequenced (${server.log.length})`);
  for (const c of clients) {
    assert.ok(c.e.synced, 'nothing left unsent');
    assert.equal(c.e.version, server.log.length);
    assert.equal(canonical(c.e.doc), canonical(server.doc));
  }
});
