import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionConnection, Status } from '../../../target/classes/static/js/connection.mjs';

/** Fake timers: time moves only when the test says so. */
function clock() {
  let now = 0;
  let id = 0;
  const timers = new Map();
  return {
    setTimeout: (f, ms) => (timers.set(++id, { f, at: now + ms }), id),
    clearTimeout: (t) => timers.delete(t),
    now: () => now,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].f();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = end;
    },
  };
}

/** A fake WebSocket class that records every socket made. */
function fakeSockets() {
  const made = [];
  class FakeSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.sent = [];
      made.push(this);
    }
    send(data) {
      this.sent.push(JSON.parse(data));
    }
    close(code, reason) {
      this.readyState = 3;
      this.closedWith = { code, reason };
    }
    // test side
    open() {
      this.readyState = 1;
      this.onopen?.();
    }
    deliver(frame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }
    drop(code = 1006, reason = '') {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
  }
  return { FakeSocket, made };
}

const welcome = (clientId, version, snapshot, resumed = false) => ({ type: 'welcome', protocol: 1, clientId, version, snapshot, participants: [], resumed, presence: [] });

async function connected() {
  const t = clock();
  const { FakeSocket, made } = fakeSockets();
  const statuses = [];
  const c = new SessionConnection({ url: () => 'ws://x/ws/sessions/s1', token: async () => 'tok', WebSocket: FakeSocket, timers: t, random: () => 0.5 });
  c.on('status', (s) => statuses.push(s.status));
  c.start();
  await Promise.resolve();
  made[0].open();
  made[0].deliver(welcome('c1', 0, { name: '' }));
  return { t, made, c, statuses };
}

test('connect_sendsTheTokenAsSubprotocol_andGoesOnline', async () => {
  const { made, c, statuses } = await connected();
  assert.deepEqual(made[0].protocols, ['persona.v1', 'bearer.tok']);
  assert.equal(c.status, Status.ONLINE);
  assert.deepEqual(statuses, [Status.CONNECTING, Status.ONLINE]);
});

test('droppedSocket_reconnectsWithBackoff_resumes_andSendsWhatWasTypedMeanwhile', async () => {
  const { t, made, c } = await connected();
  c.submit([{ p: ['name', 0], si: 'a' }]);
  assert.equal(made[0].sent.length, 1);
  made[0].drop(1006);
  assert.equal(c.status, Status.OFFLINE);
  c.submit([{ p: ['name', 1], si: 'b' }]); // typed while offline
  assert.deepEqual(c.doc, { name: 'ab' });
  await t.advance(100);
  assert.equal(made.length, 1, 'waits for the backoff');
  await t.advance(1000);
  assert.equal(made.length, 2, 'reconnected');
  made[1].open();
  made[1].deliver(welcome('c2', 0, { name: '' }));
  assert.deepEqual(made[1].sent[0], { type: 'hello', protocol: 1, clientId: 'c1', version: 0, seq: 1 });
  made[1].deliver(welcome('c1', 0, undefined, true));
  assert.deepEqual(made[1].sent[1], { type: 'op', src: 'c1', seq: 1, v: 0, op: [{ p: ['name', 0], si: 'a' }] });
  made[1].deliver({ type: 'op', v: 0, src: 'c1', seq: 1, op: [{ p: ['name', 0], si: 'a' }] });
  assert.deepEqual(made[1].sent[2], { type: 'op', src: 'c1', seq: 2, v: 1, op: [{ p: ['name', 1], si: 'b' }] });
  assert.equal(c.status, Status.ONLINE);
});

test('finalCloseCodes_stopReconnecting', async () => {
  for (const code of [4403, 4404, 4410]) {
    const { t, made, c } = await connected();
    made[0].drop(code, 'not_a_participant: removed');
    await t.advance(60_000);
    assert.equal(made.length, 1, `no reconnect after ${code}`);
    assert.equal(c.status, Status.CLOSED);
  }
});

test('tokenExpired_asksForAFreshToken', async () => {
  const t = clock();
  const { FakeSocket, made } = fakeSockets();
  const asked = [];
  const c = new SessionConnection({ url: () => 'ws://x', token: async (expired) => (asked.push(expired), expired ? 'new' : 'old'), WebSocket: FakeSocket, timers: t, random: () => 0.5 });
  c.start();
  await Promise.resolve();
  made[0].open();
  made[0].deliver(welcome('c1', 0, {}));
  made[0].drop(4401, 'token_expired: …');
  await t.advance(2000);
  assert.deepEqual(asked, [false, true]);
  assert.deepEqual(made[1].protocols, ['persona.v1', 'bearer.new']);
});

test('silentServer_isDroppedAfterTheSilenceLimit_andPingsAreSentMeanwhile', async () => {
  const { t, made } = await connected();
  await t.advance(20_000);
  assert.deepEqual(made[0].sent.at(-1), { type: 'ping' });
  await t.advance(20_000);
  assert.equal(made[0].closedWith, undefined, 'still open 40 s after the last frame');
  await t.advance(20_000);
  assert.ok(made[0].closedWith, 'closed once 45 s passed without a frame');
  await t.advance(2000);
  assert.equal(made.length, 2, 'and reconnected');
});

test('rateLimitedNack_retriesAfterRetryAfter', async () => {
  const { t, made, c } = await connected();
  c.submit([{ p: ['x'], oi: 1 }]);
  made[0].deliver({ type: 'nack', seq: 1, code: 'rate_limited', message: 'slow', retryAfter: 300 });
  await t.advance(299);
  assert.equal(made[0].sent.length, 1);
  await t.advance(1);
  assert.equal(made[0].sent.length, 2);
  assert.equal(made[0].sent[1].seq, 1);
});

test('noAnswerToTheResumingHello_reconnectsWithoutResume_andTakesTheSnapshot', async () => {
  const { t, made, c } = await connected();
  made[0].drop(1012);
  await t.advance(1000);
  made[1].open();
  made[1].deliver(welcome('c2', 4, { fresh: true }));
  assert.equal(made[1].sent[0].type, 'hello');
  await t.advance(5000); // resume timeout
  assert.ok(made[1].closedWith);
  await t.advance(2000);
  made[2].open();
  made[2].deliver(welcome('c3', 4, { fresh: true }));
  assert.deepEqual(c.doc, { fresh: true });
  assert.equal(c.version, 4);
});
