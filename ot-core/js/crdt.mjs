// crdt.mjs: the offline mode's state (conflict_resolution: crdt, ADR 12) for JavaScript clients,
// the same lattice as ot-core's org.personacollab.ot.crdt (Hlc, HlcClock, CrdtState,
// CrdtDocument) with the same wire form, so a state merged here and one merged by the sequencer
// are the same JSON. test/crdt.test.mjs holds both to one fixture (crdt-conformance.json, written
// and checked by the Java side's CrdtConformanceFixtureTest).
//
// Registers: last writer wins per field (hybrid logical clock stamps "<millis>:<counter>:<node>").
// Sets: add wins (observed remove) for list fields. Merge is commutative, associative and
// idempotent. States are immutable: every function returns a new one.

import { canonical } from './json0.mjs';

/** The reserved key of the root that holds the state. */
export const KEY = '_crdt';
/** The longest path of a field. */
export const MAX_DEPTH = 8;
/** The largest millis of a stamp (2^53). */
export const MAX_MILLIS = 2 ** 53;
const MAX_COUNTER = 2 ** 31 - 1;
const WIRE = /^(0|[1-9][0-9]{0,15}):(0|[1-9][0-9]{0,9}):([\s\S]{1,128})$/;

/** A CRDT state or stamp that is not valid; `kind` is 'invalid' like the Java CrdtException. */
export class CrdtError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CrdtError';
    this.kind = 'invalid';
  }
}

const invalid = (m) => new CrdtError(m);

// ---------------------------------------------------------------- hybrid logical clocks

/** A stamp {millis, counter, node}; validated. */
export function hlc(millis, counter, node) {
  if (!Number.isInteger(millis) || millis < 0 || millis > MAX_MILLIS) throw invalid(`timestamp millis out of range: ${millis}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) throw invalid(`timestamp counter out of range: ${counter}`);
  if (typeof node !== 'string' || node.length < 1 || node.length > 128) throw invalid(`timestamp node must be 1..128 characters: ${node}`);
  return Object.freeze({ millis, counter, node });
}

/** Reads "<millis>:<counter>:<node>". */
export function parseHlc(text) {
  const m = typeof text === 'string' ? WIRE.exec(text) : null;
  if (!m) throw invalid(`not a timestamp "<millis>:<counter>:<node>": ${text}`);
  const counter = Number(m[2]);
  if (counter > MAX_COUNTER) throw invalid(`timestamp counter too large: ${text}`);
  return hlc(Number(m[1]), counter, m[3]);
}

export const hlcText = (h) => `${h.millis}:${h.counter}:${h.node}`;

/** Total order: millis, counter, then node (UTF-16 code units, as Java's String.compareTo). */
export function compareHlc(a, b) {
  if (a.millis !== b.millis) return a.millis < b.millis ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** The next stamp of `node` later than `h` and not earlier than `wall`. */
export function nextHlc(h, wall, node) {
  if (wall > h.millis) return hlc(Math.min(wall, MAX_MILLIS), 0, node);
  if (h.counter === MAX_COUNTER) return hlc(h.millis + 1, 0, node);
  return hlc(h.millis, h.counter + 1, node);
}

/** One replica's clock: every tick is later than all it made or observed. */
export class HlcClock {
  constructor(node, wall = () => Date.now()) {
    hlc(0, 0, node);
    this.node = node;
    this.wall = wall;
    this.last = null;
  }

  tick() {
    const now = this.wall();
    const t = this.last === null ? hlc(Math.max(0, now), 0, this.node) : nextHlc(this.last, now, this.node);
    this.last = t;
    return t;
  }

  observe(seen) {
    if (seen && (this.last === null || compareHlc(seen, this.last) > 0)) this.last = seen;
  }
}

// ---------------------------------------------------------------- the state

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a, b) => canonical(a) === canonical(b);
const pathKey = (p) => JSON.stringify(p);
const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function checkPath(path) {
  if (!Array.isArray(path) || path.length === 0 || path.length > MAX_DEPTH) throw invalid(`a path must name a field in 1 to ${MAX_DEPTH} steps: ${JSON.stringify(path)}`);
  for (const s of path) {
    if (typeof s !== 'string') throw invalid(`a path holds field names only (no list indexes): ${JSON.stringify(path)}`);
    if (s.length === 0 || s.length > 200) throw invalid(`a field name must be 1 to 200 characters: ${JSON.stringify(path)}`);
  }
  if (path[0].startsWith('_')) throw invalid(`fields starting with _ are reserved: ${path[0]}`);
  return Object.freeze([...path]);
}

function checkScalar(path, value) {
  if (value !== null && typeof value === 'object') {
    throw invalid(`a field's value must be a string, number, boolean or null (lists are sets, objects are fields of their own): ${path.join('.')}`);
  }
  return value;
}

/** The later of two registers (ties by the smaller canonical value, as in Java). */
function later(a, b) {
  const c = compareHlc(a.at, b.at);
  if (c !== 0) return c > 0 ? a : b;
  return canonical(a.value) <= canonical(b.value) ? a : b;
}

export class CrdtState {
  /** @param {Map} registers key → {path, value, at}; @param {Map} sets key → {path, adds: Map(tagText → {tag, value}), removed: Map(tagText → tag)} */
  constructor(registers = new Map(), sets = new Map()) {
    this.registersByKey = registers;
    this.setsByKey = sets;
    Object.freeze(this);
  }

  /** The state with one field written. */
  static write(path, value, at) {
    const p = checkPath(path);
    return new CrdtState(new Map([[pathKey(p), { path: p, value: checkScalar(p, value ?? null), at }]]));
  }

  /** The state with `value` added to the set at `path` under the unique `tag`. */
  static add(path, value, tag) {
    const p = checkPath(path);
    return new CrdtState(new Map(), new Map([[pathKey(p), { path: p, adds: new Map([[hlcText(tag), { tag, value: value ?? null }]]), removed: new Map() }]]));
  }

  /** The delta removing `value` from the set at `path` as this state has it (empty if absent). */
  removal(path, value) {
    const p = checkPath(path);
    const set = this.setsByKey.get(pathKey(p));
    const removed = new Map();
    if (set) for (const [t, a] of set.adds) if (same(a.value, value ?? null)) removed.set(t, a.tag);
    if (removed.size === 0) return EMPTY;
    return new CrdtState(new Map(), new Map([[pathKey(p), { path: p, adds: new Map(), removed }]]));
  }

  /** The least upper bound. */
  merge(other) {
    if (other === this || other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const regs = new Map(this.registersByKey);
    for (const [k, r] of other.registersByKey) regs.set(k, regs.has(k) ? later(regs.get(k), r) : r);
    const sets = new Map(this.setsByKey);
    for (const [k, s] of other.setsByKey) sets.set(k, sets.has(k) ? union(sets.get(k), s) : s);
    return new CrdtState(regs, sets);
  }

  isEmpty() {
    return this.registersByKey.size === 0 && this.setsByKey.size === 0;
  }

  /** Registers, live adds and removed tags. */
  size() {
    let n = this.registersByKey.size;
    for (const s of this.setsByKey.values()) n += s.adds.size + s.removed.size;
    return n;
  }

  registers() {
    return [...this.registersByKey.entries()].sort((a, b) => byKey(a[0], b[0])).map((e) => e[1]);
  }

  setPaths() {
    return [...this.setsByKey.entries()].sort((a, b) => byKey(a[0], b[0])).map((e) => e[1].path);
  }

  register(path) {
    return this.registersByKey.get(pathKey(path)) ?? null;
  }

  hasSet(path) {
    return this.setsByKey.has(pathKey(path));
  }

  /** The values of the set's live adds, ordered by tag (duplicates kept). */
  values(path) {
    const set = this.setsByKey.get(pathKey(path));
    return set ? sortedAdds(set).map((a) => a.value) : [];
  }

  /** The tags of the set's live adds, ordered (index i names the item values(path)[i]). */
  tags(path) {
    const set = this.setsByKey.get(pathKey(path));
    return set ? sortedAdds(set).map((a) => a.tag) : [];
  }

  /** The delta removing the item at `index` of values(path): that add's one tag. */
  removalAt(path, index) {
    const tag = this.tags(checkPath(path))[index];
    return tag ? removalOf(checkPath(path), [tag]) : EMPTY;
  }

  /** The latest stamp anywhere (removed tags included), or null. */
  latest() {
    let max = null;
    const see = (h) => { if (max === null || compareHlc(h, max) > 0) max = h; };
    for (const r of this.registersByKey.values()) see(r.at);
    for (const s of this.setsByKey.values()) {
      for (const a of s.adds.values()) see(a.tag);
      for (const t of s.removed.values()) see(t);
    }
    return max;
  }

  /** Cut into states of at most `maxEntries` entries whose merge is this state. */
  split(maxEntries) {
    if (!(maxEntries >= 1)) throw new RangeError(`maxEntries must be >= 1: ${maxEntries}`);
    const pieces = [];
    for (const r of this.registers()) pieces.push(new CrdtState(new Map([[pathKey(r.path), r]])));
    for (const [k, s] of [...this.setsByKey.entries()].sort((a, b) => byKey(a[0], b[0]))) {
      for (const a of sortedAdds(s)) pieces.push(CrdtState.add(s.path, a.value, a.tag));
      for (const t of sortedTags(s.removed)) pieces.push(new CrdtState(new Map(), new Map([[k, { path: s.path, adds: new Map(), removed: new Map([[hlcText(t), t]]) }]])));
    }
    const out = [];
    let chunk = EMPTY;
    let n = 0;
    for (const piece of pieces) {
      if (n === maxEntries) {
        out.push(chunk);
        chunk = EMPTY;
        n = 0;
      }
      chunk = chunk.merge(piece);
      n++;
    }
    if (n > 0) out.push(chunk);
    return out;
  }

  /**
   * What is left of this state (pending changes) once `piece` is merged by the server: the
   * registers it carried with the same stamp, its adds and its removed tags leave; a field written
   * again since keeps its later write.
   */
  minus(piece) {
    const regs = new Map(this.registersByKey);
    for (const [k, r] of piece.registersByKey) {
      const mine = regs.get(k);
      if (mine && compareHlc(mine.at, r.at) === 0) regs.delete(k);
    }
    const sets = new Map();
    for (const [k, s] of this.setsByKey) {
      const gone = piece.setsByKey.get(k);
      if (!gone) {
        sets.set(k, s);
        continue;
      }
      const adds = new Map([...s.adds].filter(([t]) => !gone.adds.has(t)));
      const removed = new Map([...s.removed].filter(([t]) => !gone.removed.has(t)));
      if (adds.size > 0 || removed.size > 0) sets.set(k, { path: s.path, adds, removed });
    }
    return new CrdtState(regs, sets);
  }

  /** The wire form {registers: [...], sets: [...]}, ordered as the Java side orders it. */
  toJson() {
    return {
      registers: this.registers().map((r) => ({ path: [...r.path], value: r.value, at: hlcText(r.at) })),
      sets: [...this.setsByKey.entries()].sort((a, b) => byKey(a[0], b[0])).map(([, s]) => ({
        path: [...s.path],
        adds: sortedAdds(s).map((a) => ({ tag: hlcText(a.tag), value: a.value })),
        removed: sortedTags(s.removed).map(hlcText),
      })),
    };
  }

  /** Reads the wire form (null is the empty state); a CrdtError names what is wrong. */
  static fromJson(json) {
    if (json === null || json === undefined) return EMPTY;
    if (!isObj(json)) throw invalid('a CRDT state must be an object with "registers" and "sets"');
    only(json, 'a CRDT state', ['registers', 'sets']);
    let state = EMPTY;
    for (const r of list(json.registers, 'registers')) {
      if (!isObj(r)) throw invalid('a register must be an object');
      only(r, 'a register', ['path', 'value', 'at']);
      if (!('value' in r)) throw invalid('a register needs "value" (null to remove the field)');
      state = state.merge(CrdtState.write(r.path, r.value, stamp(r.at)));
    }
    for (const s of list(json.sets, 'sets')) {
      if (!isObj(s)) throw invalid('a set must be an object');
      only(s, 'a set', ['path', 'adds', 'removed']);
      const p = checkPath(s.path);
      const adds = new Map();
      for (const a of list(s.adds, 'adds')) {
        if (!isObj(a)) throw invalid('an add must be an object');
        only(a, 'an add', ['tag', 'value']);
        if (!('value' in a)) throw invalid('an add needs "value"');
        const tag = stamp(a.tag);
        if (adds.has(hlcText(tag))) throw invalid(`tag used twice in one set: ${hlcText(tag)}`);
        adds.set(hlcText(tag), { tag, value: a.value });
      }
      const removed = new Map();
      for (const t of list(s.removed, 'removed')) removed.set(hlcText(stamp(t)), stamp(t));
      const withAdds = new CrdtState(new Map(), new Map([[pathKey(p), { path: p, adds, removed: new Map() }]]));
      const withRemoved = new CrdtState(new Map(), new Map([[pathKey(p), { path: p, adds: new Map(), removed }]]));
      state = state.merge(withAdds).merge(withRemoved);
    }
    return state;
  }
}

const EMPTY = new CrdtState();

function removalOf(path, tags) {
  if (tags.length === 0) return EMPTY;
  return new CrdtState(new Map(), new Map([[pathKey(path), { path, adds: new Map(), removed: new Map(tags.map((t) => [hlcText(t), t])) }]]));
}
CrdtState.EMPTY = EMPTY;

function union(a, b) {
  const removed = new Map([...a.removed, ...b.removed]);
  const adds = new Map();
  for (const src of [a.adds, b.adds]) {
    for (const [t, x] of src) {
      if (removed.has(t)) continue;
      const had = adds.get(t);
      adds.set(t, had === undefined || canonical(had.value) <= canonical(x.value) ? had ?? x : x);
    }
  }
  return { path: a.path, adds, removed };
}

const sortedAdds = (set) => [...set.adds.values()].sort((x, y) => compareHlc(x.tag, y.tag));
const sortedTags = (m) => [...m.values()].sort(compareHlc);

function list(v, what) {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid(`"${what}" must be a list`);
  return v;
}

function only(o, what, keys) {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw invalid(`unknown key in ${what}: ${k}`);
}

function stamp(v) {
  if (typeof v !== 'string') throw invalid(`a timestamp must be a string "<millis>:<counter>:<node>": ${v}`);
  return parseHlc(v);
}

// ---------------------------------------------------------------- the document

/** The state a document carries under _crdt (empty when none). */
export function stateOf(doc) {
  return isObj(doc) ? CrdtState.fromJson(doc[KEY] ?? null) : EMPTY;
}

/** The document without _crdt: what a reader sees. */
export function withoutState(doc) {
  if (!isObj(doc) || !(KEY in doc)) return doc;
  const { [KEY]: _, ...rest } = doc;
  return rest;
}

function valueAt(doc, path) {
  let at = doc;
  for (const s of path) {
    if (!isObj(at)) return undefined;
    at = at[s];
  }
  return at;
}

/** Sets (or removes) `value` at `path` in a mutable tree, making objects on the way (CrdtState.put). */
function put(doc, path, value, remove) {
  let at = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const child = at[path[i]];
    if (!isObj(child)) {
      if (remove) return;
      at[path[i]] = {};
    }
    at = at[path[i]];
  }
  const last = path[path.length - 1];
  if (!remove) {
    at[last] = value;
    return;
  }
  delete at[last];
  for (let depth = path.length - 1; depth > 0; depth--) {
    let parent = doc;
    for (let i = 0; i < depth - 1; i++) parent = parent[path[i]];
    const child = parent[path[depth - 1]];
    if (isObj(child) && Object.keys(child).length === 0) delete parent[path[depth - 1]];
    else break;
  }
}

/** Materialises the state onto `base` (registers in stamp order, then each set as a list). */
export function materialize(state, base) {
  const doc = isObj(base) ? structuredClone(base) : {};
  for (const r of [...state.registersByKey.values()].sort((a, b) => compareHlc(a.at, b.at))) put(doc, r.path, r.value, r.value === null);
  for (const s of state.setsByKey.values()) put(doc, s.path, state.values(s.path), false);
  return doc;
}

/**
 * The tag of the value at `index` of a list the state did not hold yet: millis 0, the index as
 * counter, "base:" + the first 16 bytes of SHA-256(canonical(value)) in hex as node (the same on
 * every replica and in Java).
 */
export function baseTag(index, value) {
  const digest = sha256(new TextEncoder().encode(canonical(value ?? null)));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i].toString(16).padStart(2, '0');
  return hlc(0, index, `base:${hex}`);
}

/**
 * The document after merging `update` (CrdtDocument.merge): lists first take in what json0 ops
 * did to them, then the update is merged into the state, registers that won are written in stamp
 * order, and each set the update names is written whole. Throws CrdtError (document unchanged)
 * for a write to a list or an add to a field that is not a list.
 */
export function mergeDocument(doc, update, node, now) {
  const out = isObj(doc) ? structuredClone(doc) : {};
  let state = stateOf(doc);
  for (const r of update.registers()) {
    if (state.hasSet(r.path) || Array.isArray(valueAt(out, r.path))) throw invalid(`${r.path.join('.')} is a list: add to it or remove from it`);
  }
  const l = state.latest();
  const u = update.latest();
  const latest = l === null ? u : u === null ? l : compareHlc(l, u) >= 0 ? l : u;
  let tick = latest === null ? hlc(Math.max(0, now), 0, node) : nextHlc(latest, now, node);
  for (const path of update.setPaths()) {
    if (state.register(path) !== null) throw invalid(`${path.join('.')} is a field, not a list`);
    const current = valueAt(out, path);
    if (current !== undefined && current !== null && !Array.isArray(current)) throw invalid(`${path.join('.')} is not a list`);
    const items = current ?? [];
    if (!state.hasSet(path)) {
      items.forEach((v, i) => { state = state.merge(CrdtState.add(path, v, baseTag(i, v))); });
      continue;
    }
    // By count: a value the list holds more often than the set gets adds, in list order; one the
    // set holds more often than the list loses its latest adds.
    const inSet = counts(state.values(path));
    const seen = new Map();
    for (const v of items) {
      const k = canonical(v);
      seen.set(k, (seen.get(k) ?? 0) + 1);
      if (seen.get(k) > (inSet.get(k) ?? 0)) {
        state = state.merge(CrdtState.add(path, v, tick));
        tick = nextHlc(tick, now, node);
      }
    }
    const inList = counts(items);
    const values = state.values(path);
    const tags = state.tags(path);
    const byValue = new Map();
    values.forEach((v, i) => {
      const k = canonical(v);
      if (!byValue.has(k)) byValue.set(k, []);
      byValue.get(k).push(tags[i]);
    });
    for (const [k, t] of byValue) {
      const extra = t.length - (inList.get(k) ?? 0);
      if (extra > 0) state = state.merge(removalOf(path, t.slice(t.length - extra)));
    }
  }
  const merged = state.merge(update);
  const won = update.registers().filter((r) => {
    const now0 = merged.register(r.path);
    const before = state.register(r.path);
    return sameRegister(r, now0) && !sameRegister(r, before);
  });
  won.sort((a, b) => compareHlc(a.at, b.at));
  for (const r of won) put(out, r.path, r.value, r.value === null);
  for (const path of update.setPaths()) put(out, path, merged.values(path), false);
  out[KEY] = merged.toJson();
  return out;
}

function counts(values) {
  const out = new Map();
  for (const v of values) out.set(canonical(v), (out.get(canonical(v)) ?? 0) + 1);
  return out;
}

const sameRegister = (a, b) => a !== null && b !== null && compareHlc(a.at, b.at) === 0 && same(a.value, b.value) && pathKey(a.path) === pathKey(b.path);

/**
 * The state a removal should be computed against: the document's own state, with the lists
 * `paths` names taken in under their base tags when the state does not hold them yet (a generated
 * persona's goals), exactly as the sequencer will take them in.
 */
export function observedState(doc, paths) {
  let state = stateOf(doc);
  for (const path of paths) {
    if (state.hasSet(path)) continue;
    const items = valueAt(doc, path);
    if (Array.isArray(items)) items.forEach((v, i) => { state = state.merge(CrdtState.add(path, v, baseTag(i, v))); });
  }
  return state;
}

// ---------------------------------------------------------------- SHA-256 (FIPS 180-4)

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x, n) => (x >>> n) | (x << (32 - n));

/** SHA-256 of `bytes` (a Uint8Array), synchronously: the page needs base tags inside one edit. */
export function sha256(bytes) {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
  return out;
}
