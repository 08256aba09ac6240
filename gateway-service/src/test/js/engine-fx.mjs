// engine-fx.mjs: a SyncEngine wired to an effects object that records every call, for the
// engine's tests (sync-engine.test.mjs, sync-engine-crdt.test.mjs).
import { SyncEngine } from '../../../target/classes/static/js/sync-engine.mjs';

export function recordingEngine() {
  const fx = { sent: [], changes: [], reconnects: [], retries: [], refused: [], lost: [], acked: [] };
  const e = new SyncEngine({
    send: (f) => fx.sent.push(f),
    changed: (ev) => fx.changes.push(ev),
    retryLater: (seq, sends, after) => fx.retries.push({ seq, sends, after }),
    reconnect: (resume, reason) => fx.reconnects.push({ resume, reason }),
    refused: (c) => fx.refused.push(c),
    lost: (n, why) => fx.lost.push({ n, why }),
    acked: (c) => fx.acked.push(c),
  });
  return { e, fx };
}
