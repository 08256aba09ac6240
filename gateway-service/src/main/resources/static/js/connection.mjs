// connection.mjs: one participant's socket to one session, kept alive.
//
// Owns a SyncEngine and the WebSocket under it: connects, reconnects with jittered exponential
// backoff when the socket drops (the engine resumes, so nothing typed meanwhile is lost), sends a
// ping when the line is quiet and gives up on a socket that stays silent, retries refused changes
// that waiting cures, and stops for good on the close codes that mean "you may not come back"
// (removed, session closed or gone). Everything the page shows comes out of the listeners.
//
// Environment-free: the WebSocket class, the timers and the random source are parameters, so the
// whole machine runs under `node --test` with a fake socket.

import { Phase, SyncEngine } from './sync-engine.mjs';

/** Close codes after which reconnecting cannot help (protocol CloseCodes: removed or left, no such session, closed, collaboration disabled). */
export const FINAL_CLOSE_CODES = new Set([4403, 4404, 4410, 4503]);
/** Close code: the session token expired; a fresh token (join again) lets the page back in. */
export const TOKEN_EXPIRED = 4401;

export const Status = Object.freeze({
  CONNECTING: 'connecting',
  ONLINE: 'online',
  OFFLINE: 'offline',
  CLOSED: 'closed',
});

const defaults = {
  baseDelay: 250,
  maxDelay: 10_000,
  pingEvery: 20_000,
  silenceLimit: 45_000,
  resumeTimeout: 5_000,
};

export class SessionConnection {
  /**
   * @param {object} options
   * @param {() => string} options.url the socket URL
   * @param {() => Promise<string>|string} options.token the session token (asked again after 4401)
   * @param {Function} [options.WebSocket] the WebSocket class (the browser's by default)
   * @param {object} [options.timers] {setTimeout, clearTimeout, now}
   * @param {() => number} [options.random] for the backoff's jitter
   */
  constructor(options) {
    this.options = { ...defaults, ...options };
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.timers = options.timers ?? {
      setTimeout: (f, ms) => globalThis.setTimeout(f, ms),
      clearTimeout: (t) => globalThis.clearTimeout(t),
      now: () => Date.now(),
    };
    this.random = options.random ?? Math.random;
    this.listeners = new Map();
    this.status = Status.OFFLINE;
    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.resumeTimer = null;
    this.lastHeard = 0;
    this.closedFor = null;
    this.tokenExpired = false;
    this.engine = new SyncEngine({
      send: (frame) => this.#sendRaw(frame),
      changed: (event) => this.#emit('change', event),
      retryLater: (seq, sends, retryAfter) =>
        this.timers.setTimeout(() => this.engine.retry(seq, sends), retryAfter ?? this.#backoff(1)),
      reconnect: (resume, reason) => this.#drop(reason),
      refused: (change) => this.#emit('refused', change),
      lost: (count, reason) => this.#emit('lost', { count, reason }),
      acked: (change) => this.#emit('acked', change),
    }, options.author ?? null);
  }

  /** Adds a listener: 'status', 'change', 'frame', 'refused', 'lost', 'acked'. Returns a function that removes it. */
  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
    return () => this.listeners.get(type).delete(listener);
  }

  get doc() {
    return this.engine.doc;
  }

  get version() {
    return this.engine.version;
  }

  get clientId() {
    return this.engine.clientId;
  }

  /** Opens the first socket. */
  start() {
    this.#connect();
  }

  /** Applies a local change now and sends it when it can (see SyncEngine.submit). */
  submit(op) {
    this.engine.submit(op);
    // Offline, the status counts what waits: keep it current with every change.
    if (this.status === Status.OFFLINE) this.#setStatus(Status.OFFLINE, { unsent: this.engine.unsent });
  }

  /** Sends a frame that is not a change (presence, generate, ping). False when there is no live socket. */
  send(frame) {
    if (this.engine.phase !== Phase.LIVE) return false;
    return this.#sendRaw(frame);
  }

  /** Closes for good. */
  close() {
    this.closedFor = { code: 1000, reason: 'closed by the page' };
    this.engine.close();
    this.#clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) s.close(1000, 'bye');
    this.#setStatus(Status.CLOSED, this.closedFor);
  }

  /** Drops the current socket as if the network had (used by tests and the "reconnect" button). */
  dropSocket() {
    this.#drop('dropped by the page');
  }

  // ---- internals ----

  async #connect() {
    if (this.closedFor) return;
    this.reconnectTimer = null;
    this.#setStatus(this.attempt === 0 && !this.engine.loaded ? Status.CONNECTING : Status.OFFLINE, { attempt: this.attempt, unsent: this.engine.unsent });
    let token;
    try {
      token = await this.options.token(this.tokenExpired);
      this.tokenExpired = false;
    } catch (e) {
      this.#emit('frame', { type: 'error', code: e.code ?? 'unauthorized', message: e.message });
      this.#scheduleReconnect();
      return;
    }
    if (this.closedFor) return;
    let socket;
    try {
      socket = new this.WebSocket(this.options.url(), ['persona.v1', `bearer.${token}`]);
    } catch (e) {
      this.#scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.lastHeard = this.timers.now();
      this.engine.connectionOpened();
      this.#schedulePing();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastHeard = this.timers.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      const wasLive = this.engine.phase === Phase.LIVE;
      this.engine.receive(frame);
      if (this.engine.phase === Phase.AWAIT_RESUME && !this.resumeTimer) {
        this.resumeTimer = this.timers.setTimeout(() => {
          this.resumeTimer = null;
          this.engine.resumeTimedOut(`no answer to the resuming hello within ${this.options.resumeTimeout} ms`);
        }, this.options.resumeTimeout);
      }
      if (this.engine.phase === Phase.LIVE) {
        if (this.resumeTimer) {
          this.timers.clearTimeout(this.resumeTimer);
          this.resumeTimer = null;
        }
        if (!wasLive || this.status !== Status.ONLINE) {
          this.attempt = 0;
          this.#setStatus(Status.ONLINE, { version: this.engine.version });
        }
      }
      if (frame.type !== 'op') this.#emit('frame', frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.engine.connectionLost();
      this.#clearTimers();
      const code = event.code;
      const reason = event.reason || '';
      if (FINAL_CLOSE_CODES.has(code)) {
        this.closedFor = { code, reason };
        this.engine.close();
        this.#setStatus(Status.CLOSED, this.closedFor);
        return;
      }
      if (code === TOKEN_EXPIRED) this.tokenExpired = true;
      this.#setStatus(Status.OFFLINE, { code, reason, unsent: this.engine.unsent });
      this.#scheduleReconnect();
    };
    socket.onerror = () => {};
  }

  #sendRaw(frame) {
    const s = this.socket;
    if (!s || s.readyState !== 1) return false;
    s.send(JSON.stringify(frame));
    return true;
  }

  #drop(reason) {
    const s = this.socket;
    this.socket = null;
    this.engine.connectionLost();
    this.#clearTimers();
    if (s) {
      try {
        s.close(4000, reason.slice(0, 100));
      } catch {
        // already closing
      }
    }
    if (this.closedFor) return;
    this.#setStatus(Status.OFFLINE, { reason, unsent: this.engine.unsent });
    this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    if (this.closedFor || this.reconnectTimer) return;
    this.attempt++;
    this.reconnectTimer = this.timers.setTimeout(() => this.#connect(), this.#backoff(this.attempt));
  }

  /** Full jitter: a random delay up to min(max, base * 2^(attempt-1)). */
  #backoff(attempt) {
    const cap = Math.min(this.options.maxDelay, this.options.baseDelay * 2 ** Math.min(attempt - 1, 16));
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  #schedulePing() {
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      if (!this.socket) return;
      if (this.timers.now() - this.lastHeard >= this.options.silenceLimit) {
        this.#drop(`the server said nothing for ${this.options.silenceLimit / 1000} s`);
        return;
      }
      this.#sendRaw({ type: 'ping' });
      this.#schedulePing();
    }, this.options.pingEvery);
  }

  #clearTimers() {
    for (const name of ['pingTimer', 'resumeTimer']) {
      if (this[name]) this.timers.clearTimeout(this[name]);
      this[name] = null;
    }
  }

  #setStatus(status, detail) {
    this.status = status;
    this.#emit('status', { status, ...detail });
  }

  #emit(type, value) {
    for (const l of this.listeners.get(type) ?? []) l(value);
  }
}
