// sync-engine.mjs: the page's document state machine, ShareDB's Doc on json0, with no I/O.
//
// The same machine as the Java client's SyncEngine (client/README.md explains it at length);
// this file is its JavaScript twin for the browser, tested with `node --test` in
// gateway-service/src/test/js.
//
// 1. State. `doc` is the document with local changes applied (local echo); `version` is how many
//    sequenced ops it holds (ShareDB's convention). At most one change is in flight (sent, not yet
//    acknowledged); later local changes are composed into one pending op, so a fast typist sends
//    one op per round trip, not one per key.
// 2. The diamond. A remote op r with r.v === version is transformed past the in-flight op and the
//    pending op with the sides the sequencer uses (DESIGN §4): inflight' = T(inflight, r, left),
//    r1 = T(r, inflight, right); pending' = T(pending, r1, left), r2 = T(r1, pending, right);
//    then doc = apply(doc, r2). Any other choice of sides makes two clients that type at the same
//    place diverge.
// 3. Acknowledgement. The ack is our own op coming back (src === clientId, seq === inflight.seq):
//    it is not applied again, the version moves on and the pending op is sent with the next seq.
// 4. Refusals. `unavailable` and `rate_limited` are retried with the same seq; any other nack
//    undoes the change (its inverse transformed past the pending op) and reports it.
// 5. Reconnect and resume. The first welcome is adopted. On a later socket the engine ignores the
//    fresh welcome, says hello {clientId, version, seq} and waits for `welcome resumed:true`, then
//    sends its in-flight op again (same seq): if the server had sequenced it, its copy in the
//    catch-up acknowledges it and the server drops the resend. `resumed:false` means the changes
//    not yet acknowledged cannot be merged any more: the snapshot is taken and they are reported
//    as lost.
// 6. Resync. A gap in the op stream asks for a resuming reconnect; a remote op that does not fit
//    asks for a reconnect without resume.

import { apply, compose, invert, transform } from './json0.mjs';

/** Nack codes that waiting cures: the same change is sent again. */
export const RETRIABLE = new Set(['unavailable', 'rate_limited']);
/** Nack codes after which the client resyncs without resume (after undoing the change). */
export const RESYNC_AFTER = new Set(['seq_gap', 'invalid_version']);
/** The most components one op frame may carry (the server's OpSubmit.MAX_COMPONENTS). */
export const MAX_COMPONENTS = 1000;

export const Phase = Object.freeze({
  OFFLINE: 'offline',
  AWAIT_WELCOME: 'await_welcome',
  AWAIT_RESUME: 'await_resume',
  LIVE: 'live',
  CLOSED: 'closed',
});

/**
 * @typedef {object} Effects
 * @property {(frame: object) => void} send a frame on the current socket (dropped if there is none)
 * @property {(event: {kind: 'local'|'remote'|'reset'|'rollback', op: any[], version: number, user: string|null, src?: string|null, doc: any}) => void} changed
 * @property {(seq: number, sends: number, retryAfter: number|undefined) => void} retryLater call retry(seq, sends) later
 * @property {(resume: boolean, reason: string) => void} reconnect drop the socket and connect again
 * @property {(change: {code: string, message: string, seq: number}) => void} [refused] a change was refused for good
 * @property {(count: number, reason: string) => void} [lost] unacknowledged changes could not be kept
 * @property {(change: {seq: number, version: number}) => void} [acked] the server sequenced one of our changes
 */

export class SyncEngine {
  /** @param {Effects} fx */
  constructor(fx, author = null) {
    this.fx = fx;
    this.author = author;
    this.phase = Phase.OFFLINE;
    this.loaded = false;
    this.resume = true;
    this.doc = null;
    this.version = -1;
    this.clientId = null;
    this.lastSeq = 0;
    /** @type {{op: any[], seq: number, sends: number} | null} */
    this.inflight = null;
    /** Local changes not sent yet, oldest first; each is one op of at most MAX_COMPONENTS. */
    this.pending = [];
  }

  // ---- connection lifecycle ----

  connectionOpened() {
    if (this.phase !== Phase.CLOSED) this.phase = Phase.AWAIT_WELCOME;
  }

  connectionLost() {
    if (this.phase !== Phase.CLOSED) this.phase = Phase.OFFLINE;
  }

  close() {
    this.phase = Phase.CLOSED;
  }

  /** True when nothing is in flight or pending. */
  get synced() {
    return this.inflight === null && this.pending.length === 0;
  }

  /** How many local changes wait for the server (in flight or pending). */
  get unsent() {
    return (this.inflight ? 1 : 0) + this.pending.length;
  }

  // ---- input ----

  /** One decoded frame from the current socket; frames that are not about the document are ignored. */
  receive(frame) {
    switch (frame.type) {
      case 'welcome':
        this.#onWelcome(frame);
        break;
      case 'op':
        this.#onOp(frame);
        break;
      case 'nack':
        this.#onNack(frame);
        break;
      case 'error':
        // The only frame sent since the welcome is the hello: the server refused to resume.
        if (this.phase === Phase.AWAIT_RESUME) this.#resync(false, `the server refused to resume: ${frame.code}: ${frame.message}`);
        break;
      default:
      // ack {seq, v} is informational: the op itself acknowledges the change when it arrives.
    }
  }

  /**
   * Applies a local change at once (local echo) and queues it for sending. Throws the engine's
   * OtError when the op does not apply (nothing changes), and Error before the first welcome.
   */
  submit(op) {
    if (this.phase === Phase.CLOSED) throw new Error('the connection is closed');
    if (!this.loaded) throw new Error('there is no document yet');
    if (op.length === 0) return;
    if (op.length > MAX_COMPONENTS) throw new Error(`a change may have at most ${MAX_COMPONENTS} components, this one has ${op.length}`);
    this.doc = apply(this.doc, op);
    const last = this.pending.length - 1;
    if (last >= 0 && this.pending[last].length + op.length <= MAX_COMPONENTS) {
      this.pending[last] = compose(this.pending[last], op);
    } else {
      this.pending.push(op); // a composed op would not fit in one frame
    }
    this.fx.changed({ kind: 'local', op, version: this.version, user: this.author, doc: this.doc });
    this.#flush();
  }

  /** Sends the in-flight change again after a retriable nack, if it is still the same send. */
  retry(seq, sends) {
    const c = this.inflight;
    if (this.phase === Phase.LIVE && c && c.seq === seq && c.sends === sends) this.#sendInflight();
  }

  /** The server did not answer the resuming hello in time: reconnect without resume. */
  resumeTimedOut(reason) {
    if (this.phase === Phase.AWAIT_RESUME) this.#resync(false, reason);
  }

  // ---- the state machine ----

  #onWelcome(w) {
    switch (this.phase) {
      case Phase.AWAIT_WELCOME:
        if (w.resumed) this.#resync(false, 'the first welcome of a socket claims to resume');
        else if (this.loaded && this.resume && this.clientId) {
          this.phase = Phase.AWAIT_RESUME;
          this.fx.send({ type: 'hello', protocol: 1, clientId: this.clientId, version: this.version, seq: this.lastSeq });
        } else this.#adopt(w, 'the page resynchronised with a fresh copy of the document');
        break;
      case Phase.AWAIT_RESUME:
        if (!w.resumed) this.#adopt(w, `the server could not resume at version ${this.version}`);
        else if (w.clientId !== this.clientId || w.version !== this.version) {
          this.#resync(false, `the server resumed ${w.clientId} at version ${w.version} instead of ${this.clientId} at ${this.version}`);
        } else {
          this.phase = Phase.LIVE;
          if (this.inflight) this.#sendInflight();
          else this.#flush();
        }
        break;
      case Phase.LIVE:
        if (!w.resumed) this.#adopt(w, 'the server sent a new snapshot');
        break;
      default:
      // OFFLINE or CLOSED: a late frame of a socket that is gone.
    }
  }

  #adopt(w, why) {
    if (w.clientId !== this.clientId) this.lastSeq = 0; // seqs count per client id
    this.clientId = w.clientId;
    const lost = this.unsent;
    const before = this.doc;
    this.inflight = null;
    this.pending = [];
    this.doc = w.snapshot ?? {};
    this.version = w.version;
    this.loaded = true;
    this.resume = true;
    this.phase = Phase.LIVE;
    this.fx.changed({ kind: 'reset', op: [{ p: [], od: before, oi: this.doc }], version: this.version, user: null, doc: this.doc });
    if (lost > 0 && this.fx.lost) this.fx.lost(lost, why);
  }

  #onOp(o) {
    if (this.phase !== Phase.LIVE || o.v < this.version) return;
    if (o.v > this.version) {
      this.#resync(true, `gap in the op stream: expected op ${this.version}, received op ${o.v}`);
      return;
    }
    const mine = this.inflight;
    if (mine && o.src === this.clientId && o.seq === mine.seq) {
      this.inflight = null;
      this.version++;
      this.fx.acked?.({ seq: mine.seq, version: this.version });
      this.#flush();
      return;
    }
    let r = o.op;
    let inflightOp = null;
    const pendingOps = [];
    let next;
    try {
      if (mine) {
        inflightOp = transform(mine.op, r, 'left');
        r = transform(r, mine.op, 'right');
      }
      for (const p of this.pending) {
        pendingOps.push(transform(p, r, 'left'));
        r = transform(r, p, 'right');
      }
      next = apply(this.doc, r);
    } catch (e) {
      this.#resync(false, `op ${o.v} does not fit the local document: ${e.message}`);
      return;
    }
    if (mine) mine.op = inflightOp;
    this.pending = pendingOps;
    this.doc = next;
    this.version++;
    this.fx.changed({ kind: 'remote', op: r, version: this.version, user: o.user_id ?? null, src: o.src ?? null, doc: this.doc });
  }

  #onNack(n) {
    const refused = this.inflight;
    if (this.phase !== Phase.LIVE || !refused || n.seq !== refused.seq) return;
    if (RETRIABLE.has(n.code)) {
      this.fx.retryLater(refused.seq, refused.sends, n.retryAfter);
      return;
    }
    this.inflight = null;
    let undo = invert(refused.op);
    const pendingOps = [];
    let next;
    try {
      for (const p of this.pending) {
        pendingOps.push(transform(p, undo, 'left'));
        undo = transform(undo, p, 'right');
      }
      next = apply(this.doc, undo);
    } catch (e) {
      this.fx.refused?.({ code: n.code, message: n.message, seq: n.seq });
      this.#resync(false, `could not undo refused change ${n.seq}: ${e.message}`);
      return;
    }
    this.pending = pendingOps;
    this.doc = next;
    this.fx.changed({ kind: 'rollback', op: undo, version: this.version, user: this.author, doc: this.doc });
    this.fx.refused?.({ code: n.code, message: n.message, seq: n.seq });
    if (RESYNC_AFTER.has(n.code)) this.#resync(false, `the server refused change ${n.seq} with ${n.code}`);
    else this.#flush();
  }

  #flush() {
    if (this.phase !== Phase.LIVE || this.inflight) return;
    let op;
    do op = this.pending.shift();
    while (op && op.length === 0); // composed or transformed away: nothing to send
    if (!op) return;
    this.inflight = { op, seq: ++this.lastSeq, sends: 0 };
    this.#sendInflight();
  }

  #sendInflight() {
    const c = this.inflight;
    c.sends++;
    this.fx.send({ type: 'op', src: this.clientId, seq: c.seq, v: this.version, op: c.op });
  }

  #resync(resumable, reason) {
    if (this.phase === Phase.CLOSED) return;
    this.phase = Phase.OFFLINE;
    if (!resumable) this.resume = false;
    this.fx.reconnect(resumable, reason);
  }
}
