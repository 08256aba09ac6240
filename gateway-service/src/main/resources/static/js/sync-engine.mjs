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
// 7. Offline mode (conflict_resolution: crdt, docs/offline.md, ADR 12), after enableCrdt(). A
//    local change that is expressible as CRDT changes (typing into or setting a field: a
//    last-writer-wins register write of the field's new value; adding or removing a list item: an
//    add or an observed remove) is stamped with the page's hybrid logical clock (node: its first
//    client id) and merged into `crdt.pending`, connected or not; anything else (a new list or
//    object, a move) stays a json0 change, refused while CRDT changes to the same field wait.
//    `base` holds the sequenced document plus json0 changes; `doc` is `base` with the pending
//    CRDT changes merged in, as the server will merge them. When nothing json0 waits, up to
//    MAX_MERGE_ENTRIES of them go as one `merge` frame with the next seq (one thing in flight at a
//    time); its op coming back is applied like a remote op and takes the entries it carried out of
//    the queue. CRDT changes are never reported lost: after a fresh snapshot they are sent again
//    (merging twice changes nothing). A refused merge takes its entries out of `doc` (rollback).

import { apply, compose, invert, transform, canonical } from './json0.mjs';
import { CrdtState, HlcClock, hlc, mergeDocument, observedState, stateOf } from './crdt.mjs';

/** Nack codes that waiting cures: the same change is sent again. */
export const RETRIABLE = new Set(['unavailable', 'rate_limited']);
/** Nack codes after which the client resyncs without resume (after undoing the change). */
export const RESYNC_AFTER = new Set(['seq_gap', 'invalid_version']);
/** The most components one op frame may carry (the server's OpSubmit.MAX_COMPONENTS). */
export const MAX_COMPONENTS = 1000;
/** The most entries one merge frame may carry (the server's Merge.MAX_ENTRIES). */
export const MAX_MERGE_ENTRIES = 1000;

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
    /** The sequenced document with the json0 changes not yet acknowledged applied (local echo). */
    this.base = null;
    /** Offline mode (section 7): {pending: CrdtState, clock: HlcClock|null, wall}, or null. */
    this.crdt = null;
    this.viewCache = null;
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
    return this.inflight === null && this.pending.length === 0 && (this.crdt === null || this.crdt.pending.isEmpty());
  }

  /**
   * How many local changes wait for the server (in flight or pending). Of the CRDT changes each
   * field written, item added and item removed counts once; a removal of an item added here while
   * offline (each keystroke in a list item replaces it) does not.
   */
  get unsent() {
    return this.#json0Unsent() + (this.crdt ? this.#crdtUnsent() : 0);
  }

  #crdtUnsent() {
    const p = this.crdt.pending;
    const mine = this.crdt.clock?.node;
    let n = p.registersByKey.size;
    for (const set of p.setsByKey.values()) {
      n += set.adds.size;
      for (const t of set.removed.values()) if (!(mine && (t.node === mine || t.node.endsWith(`.${mine}`)))) n++;
    }
    return n;
  }

  #json0Unsent() {
    return (this.inflight && !this.inflight.merge ? 1 : 0) + this.pending.length;
  }

  /** What the page shows: `base` with the pending CRDT changes merged in (section 7). */
  get doc() {
    if (this.crdt === null || this.crdt.pending.isEmpty() || this.base === null) return this.base;
    const c = this.viewCache;
    if (c && c.base === this.base && c.pending === this.crdt.pending) return c.view;
    const view = mergeDocument(this.base, this.crdt.pending, 'local', this.crdt.wall());
    this.viewCache = { base: this.base, pending: this.crdt.pending, view };
    return view;
  }

  /** Switches on offline mode (the server merges with conflict_resolution: crdt). */
  enableCrdt(wall = () => Date.now()) {
    if (this.crdt === null) this.crdt = { pending: CrdtState.EMPTY, clock: null, observed: null, wall };
  }

  /** The CRDT changes not yet acknowledged, in the wire form (null when none): for the page to keep. */
  savedCrdt() {
    return this.crdt === null || this.crdt.pending.isEmpty() ? null : this.crdt.pending.toJson();
  }

  /**
   * Takes back CRDT changes kept by an earlier page (savedCrdt()): they are merged into the queue,
   * shown, and sent like changes made here (merging twice changes nothing, so changes the server
   * already had are harmless). Throws CrdtError for a malformed state, and changes nothing then.
   */
  restoreCrdt(json) {
    if (this.crdt === null) throw new Error('offline mode is not on');
    if (!this.loaded) throw new Error('there is no document yet');
    const saved = CrdtState.fromJson(json);
    const before = this.doc;
    const pending = this.crdt.pending.merge(saved);
    const after = mergeDocument(this.base, pending, 'local', this.crdt.wall()); // throws if it does not fit
    this.crdt.pending = pending;
    this.viewCache = { base: this.base, pending, view: after };
    const fix = replaceOp(before, after);
    if (fix.length > 0) this.fx.changed({ kind: 'adjust', op: fix, version: this.version, user: this.author, doc: after });
    this.#flush();
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
    if (this.crdt) {
      const delta = this.#crdtDelta(op);
      if (delta) return this.#crdtLocal(op, delta);
      const waiting = new Set(this.crdt.pending.registers().map((r) => r.path[0]).concat(this.crdt.pending.setPaths().map((p) => p[0])));
      const field = op.map((c) => c.p[0]).find((k) => waiting.has(k));
      if (field !== undefined) throw new Error(`this change to ${field} can be made once your offline changes to it are saved`);
    }
    this.base = apply(this.base, op);
    const last = this.pending.length - 1;
    if (last >= 0 && this.pending[last].length + op.length <= MAX_COMPONENTS) {
      this.pending[last] = compose(this.pending[last], op);
    } else {
      this.pending.push(op); // a composed op would not fit in one frame
    }
    this.fx.changed({ kind: 'local', op, version: this.version, user: this.author, doc: this.doc });
    this.#flush();
  }

  /**
   * The CRDT changes that make `op` (section 7), or null when it is not expressible as such:
   * text edits and scalar sets of a field become a register write of its new value; list inserts
   * and deletes become adds and observed removes; an edit inside a list item removes the old item
   * and adds the new one.
   */
  #crdtDelta(op) {
    const start = this.doc;
    let view = start;
    let delta = CrdtState.EMPTY;
    const names = (path) => path.every((s) => typeof s === 'string');
    // The item at `index` of the list as shown: its own add's tag when the shown list is the set's
    // (it is, unless a json0 change reordered it), else every add of its value.
    // The document's observed state of a list is parsed once per list and change, not per use.
    const seen = new Map();
    const observed = (list, shown) => {
      const key = JSON.stringify(list);
      if (!seen.has(key)) seen.set(key, observedState(start, [list]));
      const state = seen.get(key).merge(delta);
      const aligned = JSON.stringify(state.values(list)) === JSON.stringify(shown);
      return { state, aligned };
    };
    const removeAt = (list, index, shown) => {
      const { state, aligned } = observed(list, shown);
      return aligned ? state.removalAt(list, index) : state.removal(list, shown[index]);
    };
    // An edited item keeps its place: its new add sorts right after the one it replaces.
    const tagAfter = (list, index, shown) => {
      const { state, aligned } = observed(list, shown);
      const t = this.#tick();
      const old = aligned ? state.tags(list)[index] : null;
      if (!old) return t;
      const node = `${old.node.split('~')[0]}~${t.millis.toString(36)}.${t.counter.toString(36)}.${t.node}`;
      return node.length <= 128 ? hlc(old.millis, old.counter, node) : t;
    };
    for (const c of op) {
      const p = c.p;
      let next;
      try {
        next = apply(view, [c]);
      } catch {
        return null;
      }
      const last = p[p.length - 1];
      const firstIndex = p.findIndex((s) => typeof s === 'number');
      if (p.length === 0 || String(p[0]).startsWith('_')) return null;
      if (('si' in c || 'sd' in c) && firstIndex === p.length - 1) {
        const field = p.slice(0, -1);
        delta = delta.merge(CrdtState.write(field, valueAt(next, field), this.#tick()));
      } else if (firstIndex >= 0 && firstIndex < p.length - 1 && !('lm' in c) && !('na' in c)) {
        // An edit inside a list item: the item is replaced (lists are sets of values).
        const list = p.slice(0, firstIndex);
        const index = p[firstIndex];
        const shown = valueAt(view, list);
        if (!names(list) || !Array.isArray(shown)) return null;
        const tag = tagAfter(list, index, shown);
        delta = delta.merge(removeAt(list, index, shown)).merge(CrdtState.add(list, valueAt(next, p.slice(0, firstIndex + 1)), tag));
      } else if (('li' in c || 'ld' in c) && firstIndex === p.length - 1 && !('lm' in c)) {
        const list = p.slice(0, -1);
        const shown = valueAt(view, list);
        if (!names(list) || (shown !== undefined && !Array.isArray(shown))) return null;
        if ('ld' in c) delta = delta.merge(removeAt(list, last, shown ?? []));
        if ('li' in c) delta = delta.merge(CrdtState.add(list, c.li, this.#tick()));
      } else if (('oi' in c || 'od' in c) && firstIndex < 0 && typeof last === 'string') {
        const value = 'oi' in c ? c.oi : null;
        if (value !== null && typeof value === 'object') return null; // a new list or object: json0
        if (!('oi' in c) && c.od !== null && typeof c.od === 'object') return null;
        delta = delta.merge(CrdtState.write(p, value, this.#tick()));
      } else {
        return null; // moves, number adds, subtypes: json0
      }
      view = next;
    }
    return delta;
  }

  #crdtLocal(op, delta) {
    const before = this.doc;
    const pending = this.crdt.pending.merge(delta);
    let after;
    try {
      after = mergeDocument(this.base, pending, 'local', this.crdt.wall());
    } catch (e) {
      throw new Error(`this change does not fit offline mode: ${e.message}`);
    }
    this.crdt.pending = pending;
    this.viewCache = { base: this.base, pending, view: after };
    this.fx.changed({ kind: 'local', op, version: this.version, user: this.author, doc: after });
    // A list keeps values in the order they were first added: an item inserted elsewhere than at
    // the end moves there. Tell the page what the document really holds now.
    let expected;
    try {
      expected = apply(before, op);
    } catch {
      expected = null;
    }
    const fix = replaceOp(expected ?? before, after);
    if (fix.length > 0) this.fx.changed({ kind: 'adjust', op: fix, version: this.version, user: this.author, doc: after });
    this.#flush();
  }

  #tick() {
    const c = this.crdt;
    if (c.clock === null) c.clock = new HlcClock(this.clientId, c.wall);
    if (c.observed !== this.base) {
      c.clock.observe(stateOf(this.base).latest());
      c.observed = this.base;
    }
    c.clock.observe(c.pending.latest()); // changes restored from an earlier page
    return c.clock.tick();
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
    const lost = this.#json0Unsent(); // CRDT changes are kept and sent again (section 7)
    const before = this.doc;
    this.inflight = null;
    this.pending = [];
    this.base = w.snapshot ?? {};
    this.version = w.version;
    this.loaded = true;
    this.resume = true;
    this.phase = Phase.LIVE;
    this.fx.changed({ kind: 'reset', op: [{ p: [], od: before, oi: this.doc }], version: this.version, user: null, doc: this.doc });
    if (lost > 0 && this.fx.lost) this.fx.lost(lost, why);
    this.#flush();
  }

  #onOp(o) {
    if (this.phase !== Phase.LIVE || o.v < this.version) return;
    if (o.v > this.version) {
      this.#resync(true, `gap in the op stream: expected op ${this.version}, received op ${o.v}`);
      return;
    }
    const mine = this.inflight;
    const ownMerge = mine && mine.merge && o.src === this.clientId && o.seq === mine.seq;
    if (mine && !mine.merge && o.src === this.clientId && o.seq === mine.seq) {
      this.inflight = null;
      this.version++;
      this.fx.acked?.({ seq: mine.seq, version: this.version });
      this.#flush();
      return;
    }
    let r = o.op;
    let inflightOp = null;
    const pendingOps = [];
    const viewBefore = this.doc;
    let next;
    try {
      if (mine && !mine.merge) {
        inflightOp = transform(mine.op, r, 'left');
        r = transform(r, mine.op, 'right');
      }
      for (const p of this.pending) {
        pendingOps.push(transform(p, r, 'left'));
        r = transform(r, p, 'right');
      }
      next = apply(this.base, r);
    } catch (e) {
      this.#resync(false, `op ${o.v} does not fit the local document: ${e.message}`);
      return;
    }
    if (mine && !mine.merge) mine.op = inflightOp;
    this.pending = pendingOps;
    this.base = next;
    this.version++;
    if (ownMerge) {
      this.inflight = null;
      this.crdt.pending = this.crdt.pending.minus(mine.merge);
    }
    // With CRDT changes pending the page shows more than `base`: tell it what changed in its view.
    const shown = this.crdt && (ownMerge || !this.crdt.pending.isEmpty()) ? replaceOp(viewBefore, this.doc) : r;
    if (!ownMerge || shown.length > 0) {
      this.fx.changed({ kind: 'remote', op: shown, version: this.version, user: o.user_id ?? null, src: o.src ?? null, doc: this.doc });
    }
    if (ownMerge) {
      this.fx.acked?.({ seq: mine.seq, version: this.version });
      this.#flush();
    }
  }

  #onNack(n) {
    const refused = this.inflight;
    if (this.phase !== Phase.LIVE || !refused || n.seq !== refused.seq) return;
    if (RETRIABLE.has(n.code)) {
      this.fx.retryLater(refused.seq, refused.sends, n.retryAfter);
      return;
    }
    this.inflight = null;
    if (refused.merge) {
      const before = this.doc;
      this.crdt.pending = this.crdt.pending.minus(refused.merge);
      this.fx.changed({ kind: 'rollback', op: replaceOp(before, this.doc), version: this.version, user: this.author, doc: this.doc });
      this.fx.refused?.({ code: n.code, message: n.message, seq: n.seq });
      if (RESYNC_AFTER.has(n.code)) this.#resync(false, `the server refused change ${n.seq} with ${n.code}`);
      else this.#flush();
      return;
    }
    let undo = invert(refused.op);
    const pendingOps = [];
    let next;
    try {
      for (const p of this.pending) {
        pendingOps.push(transform(p, undo, 'left'));
        undo = transform(undo, p, 'right');
      }
      next = apply(this.base, undo);
    } catch (e) {
      this.fx.refused?.({ code: n.code, message: n.message, seq: n.seq });
      this.#resync(false, `could not undo refused change ${n.seq}: ${e.message}`);
      return;
    }
    this.pending = pendingOps;
    this.base = next;
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
    if (op) {
      this.inflight = { op, seq: ++this.lastSeq, sends: 0, merge: null };
    } else if (this.crdt && !this.crdt.pending.isEmpty()) {
      const [piece] = this.crdt.pending.split(MAX_MERGE_ENTRIES);
      this.inflight = { op: [], seq: ++this.lastSeq, sends: 0, merge: piece };
    } else {
      return;
    }
    this.#sendInflight();
  }

  #sendInflight() {
    const c = this.inflight;
    c.sends++;
    if (c.merge) this.fx.send({ type: 'merge', src: this.clientId, seq: c.seq, changes: c.merge.toJson() });
    else this.fx.send({ type: 'op', src: this.clientId, seq: c.seq, v: this.version, op: c.op });
  }

  #resync(resumable, reason) {
    if (this.phase === Phase.CLOSED) return;
    this.phase = Phase.OFFLINE;
    if (!resumable) this.resume = false;
    this.fx.reconnect(resumable, reason);
  }
}

function valueAt(doc, path) {
  let at = doc;
  for (const s of path) at = at === null || typeof at !== 'object' ? undefined : at[s];
  return at;
}

/** A json0 op that turns `before` into `after` by replacing each top-level key that differs. */
function replaceOp(before, after) {
  const a = before ?? {};
  const b = after ?? {};
  const op = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === '_crdt') continue;
    const inA = k in a;
    const inB = k in b;
    if (inA && inB && canonical(a[k]) === canonical(b[k])) continue;
    const c = { p: [k] };
    if (inA) c.od = a[k];
    if (inB) c.oi = b[k];
    op.push(c);
  }
  return op;
}
