// json0.mjs: the Persona Collab json0 engine for JavaScript (browser and node).
//
// An ES module with no dependencies and no build step: the gateway serves this file as is.
// It implements the json0 operational-transformation type (ShareDB's JSON type) with the same
// results as the npm package `ot-json0` for every valid input, and the same functions and error
// codes as the Java engine in ot-core (see ot-core/spec.md, which is the contract for both).
//
// Values are plain JSON values. No function here mutates its arguments: results share unchanged
// sub-trees with the inputs (documents) and with the op (inserted values), so treat documents and
// ops as immutable once handed to the engine.

/** Stable machine codes; the message of an OtError is for humans. */
export const ErrorCode = Object.freeze({
  BAD_OP: 'bad_op',
  BAD_COMPONENT: 'bad_component',
  BAD_PATH: 'bad_path',
  TYPE_MISMATCH: 'type_mismatch',
  INDEX_OUT_OF_RANGE: 'index_out_of_range',
  MISSING_KEY: 'missing_key',
  KEY_EXISTS: 'key_exists',
  VALUE_MISMATCH: 'value_mismatch',
  BAD_NUMBER: 'bad_number',
  TRANSFORM_CONFLICT: 'transform_conflict',
  BAD_SIDE: 'bad_side',
  MALFORMED_JSON: 'malformed_json',
  BAD_REQUEST: 'bad_request',
});

/** The one error type of the engine: `code` is an ErrorCode value, `component` the index or -1. */
export class OtError extends Error {
  constructor(code, message, component = -1) {
    super(message);
    this.name = 'OtError';
    this.code = code;
    this.component = component;
  }
}

const FIELDS = ['oi', 'od', 'li', 'ld', 'lm', 'na', 'si', 'sd'];
const ALLOWED = new Set(['p', ...FIELDS]);

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const hasOwn = Object.prototype.hasOwnProperty;
const isArray = Array.isArray;
const isObj = (v) => v !== null && typeof v === 'object' && !isArray(v);
const isIndex = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const typeName = (v) => (v === null ? 'null' : isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v);

function describe(c) {
  const f = FIELDS.filter((k) => c && c[k] !== undefined).join('+') || '?';
  return `${f} at ${JSON.stringify(c && c.p)}`;
}

function fail(code, i, c, why) {
  const where = i >= 0 ? `component ${i} (${describe(c)}): ` : '';
  throw new OtError(code, where + why, i);
}

/**
 * Checks that `op` is a well-formed json0 op (a list of components) and returns it. Throws an
 * OtError with code bad_op, bad_component, bad_path or bad_number naming the component and field.
 */
export function checkOp(op) {
  if (!isArray(op)) throw new OtError(ErrorCode.BAD_OP, `an op must be a list of components, not ${typeName(op)}`);
  for (let i = 0; i < op.length; i++) checkComponent(op[i], i);
  return op;
}

function checkComponent(c, i) {
  if (!isObj(c)) throw new OtError(ErrorCode.BAD_COMPONENT, `component ${i}: must be an object, not ${typeName(c)}`, i);
  for (const k in c) {
    if (hasOwn.call(c, k) && !ALLOWED.has(k) && c[k] !== undefined) {
      fail(ErrorCode.BAD_COMPONENT, i, c, `unknown field "${k}"` + (k === 't' || k === 'o' ? ' (subtype ops are not supported)' : ''));
    }
  }
  const p = c.p;
  if (!isArray(p)) fail(ErrorCode.BAD_PATH, i, c, 'field "p" must be a list');
  for (let j = 0; j < p.length; j++) {
    const e = p[j];
    if (typeof e !== 'string' && !isIndex(e)) {
      fail(ErrorCode.BAD_PATH, i, c, `path element ${j} must be a string key or a non-negative integer, not ${JSON.stringify(e)}`);
    }
  }
  const oi = c.oi !== undefined, od = c.od !== undefined, li = c.li !== undefined, ld = c.ld !== undefined;
  const lm = c.lm !== undefined, na = c.na !== undefined, si = c.si !== undefined, sd = c.sd !== undefined;
  const n = +oi + +od + +li + +ld + +lm + +na + +si + +sd;
  const last = p.length ? p[p.length - 1] : undefined;
  if (n === 0) fail(ErrorCode.BAD_COMPONENT, i, c, 'no instruction (one of oi, od, li, ld, lm, na, si, sd)');
  if (oi || od) {
    if (n !== +oi + +od) fail(ErrorCode.BAD_COMPONENT, i, c, 'oi/od cannot be combined with other instructions');
    if (p.length && typeof last !== 'string') fail(ErrorCode.BAD_PATH, i, c, `an object key must be a string, not ${JSON.stringify(last)}`);
    if (!p.length && !oi) fail(ErrorCode.BAD_PATH, i, c, 'the document root cannot be deleted (use oi+od to replace it)');
  } else if (li || ld) {
    if (n !== +li + +ld) fail(ErrorCode.BAD_COMPONENT, i, c, 'li/ld cannot be combined with other instructions');
    if (!isIndex(last)) fail(ErrorCode.BAD_PATH, i, c, 'a list index (non-negative integer) must end the path');
  } else if (n > 1) {
    fail(ErrorCode.BAD_COMPONENT, i, c, 'more than one instruction');
  } else if (lm) {
    if (!isIndex(last)) fail(ErrorCode.BAD_PATH, i, c, 'a list index (non-negative integer) must end the path');
    if (!isIndex(c.lm)) fail(ErrorCode.BAD_COMPONENT, i, c, `field "lm" must be a non-negative integer, not ${JSON.stringify(c.lm)}`);
  } else if (na) {
    if (typeof c.na !== 'number' || !Number.isFinite(c.na)) fail(ErrorCode.BAD_COMPONENT, i, c, `field "na" must be a finite number, not ${JSON.stringify(c.na)}`);
  } else {
    const f = si ? 'si' : 'sd';
    if (typeof c[f] !== 'string') fail(ErrorCode.BAD_COMPONENT, i, c, `field "${f}" must be a string, not ${JSON.stringify(c[f])}`);
    if (!isIndex(last)) fail(ErrorCode.BAD_PATH, i, c, 'a string offset (non-negative integer) must end the path');
  }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/**
 * Deep equality of JSON values (object key order is irrelevant). With `rounding`, two numbers that
 * differ only by floating-point rounding (relative 1e-9) are equal: that is how deleted values are
 * checked, because a transform adds concurrent `na` amounts to them in another order (spec.md).
 */
export function deepEqual(a, b, rounding = false) {
  if (a === b) return true;
  if (rounding && typeof a === 'number' && typeof b === 'number') return closeEnough(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isArray(a)) {
    if (!isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i], rounding)) return false;
    return true;
  }
  if (isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!hasOwn.call(b, k) || !deepEqual(a[k], b[k], rounding)) return false;
  return true;
}

const closeEnough = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** JSON text with object keys sorted at every level: the canonical form for equality checks. */
export function canonical(v) {
  if (isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (isObj(v)) return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  return JSON.stringify(v);
}

function setKey(o, k, v) {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

// ---------------------------------------------------------------------------------------------
// apply
// ---------------------------------------------------------------------------------------------

/**
 * Applies `op` to `doc` and returns the new document. Never mutates `doc` or `op`; on error throws
 * an OtError and nothing is applied (there is no partial result).
 */
export function apply(doc, op) {
  checkOp(op);
  return applyChecked(doc, op);
}

function applyChecked(doc, op) {
  let root = doc;
  for (let i = 0; i < op.length; i++) root = applyComponent(root, op[i], i);
  return root;
}

function applyComponent(root, c, i) {
  const p = c.p;
  const str = c.si !== undefined || c.sd !== undefined;
  // The "slot" the component changes is parent[key], with parent at p[0 .. n-1). For li/ld/lm the
  // parent is the list itself; for si/sd the path's last element is the offset, so the slot is
  // the string; for na the slot is the number; n === 0 means the document root is the slot.
  const n = str ? p.length - 1 : p.length;
  if (n === 0) return changeSlot(root, c, i, true, undefined);
  const chain = new Array(n);
  let node = root;
  for (let j = 0; j < n - 1; j++) {
    chain[j] = node;
    node = child(node, p[j], i, c, j);
  }
  chain[n - 1] = node;
  let updated = changeParent(node, p[n - 1], c, i);
  for (let j = n - 2; j >= 0; j--) updated = withChild(chain[j], p[j], updated);
  return updated;
}

function child(node, key, i, c, j) {
  if (isArray(node)) {
    if (typeof key !== 'number') fail(ErrorCode.BAD_PATH, i, c, `path element ${j} (${JSON.stringify(key)}) is a key but the value there is a list`);
    if (key >= node.length) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `path element ${j}: index ${key} is past the end of a list of length ${node.length}`);
    return node[key];
  }
  if (isObj(node)) {
    if (typeof key !== 'string') fail(ErrorCode.BAD_PATH, i, c, `path element ${j} (${key}) is an index but the value there is an object`);
    if (!hasOwn.call(node, key)) fail(ErrorCode.MISSING_KEY, i, c, `path element ${j}: no key ${JSON.stringify(key)}`);
    return node[key];
  }
  return fail(ErrorCode.TYPE_MISMATCH, i, c, `path element ${j} (${JSON.stringify(key)}) descends into a ${typeName(node)}`);
}

function withChild(node, key, value) {
  if (isArray(node)) {
    const copy = node.slice();
    copy[key] = value;
    return copy;
  }
  return objectWith(node, key, value);
}

// Object copies with one key set or left out. Built key by key: spreading and then deleting
// would turn big objects into slow dictionary-mode objects in V8.
function objectWith(obj, key, value) {
  const copy = {};
  let found = false;
  for (const k in obj) {
    if (!hasOwn.call(obj, k)) continue;
    if (k === key) {
      setKey(copy, k, value);
      found = true;
    } else {
      setKey(copy, k, obj[k]);
    }
  }
  if (!found) setKey(copy, key, value);
  return copy;
}

function objectWithout(obj, key) {
  const copy = {};
  for (const k in obj) {
    if (hasOwn.call(obj, k) && k !== key) setKey(copy, k, obj[k]);
  }
  return copy;
}

// Applies c where `parent` holds the slot at `key` (objects and lists) and returns the new parent.
function changeParent(parent, key, c, i) {
  if (c.li !== undefined || c.ld !== undefined || c.lm !== undefined) {
    if (!isArray(parent)) fail(ErrorCode.TYPE_MISMATCH, i, c, `the value at the parent path is a ${typeName(parent)}, not a list`);
    const len = parent.length;
    if (c.lm !== undefined) {
      if (key >= len) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `move source ${key} is outside a list of length ${len}`);
      if (c.lm >= len) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `move target ${c.lm} is outside a list of length ${len}`);
      if (c.lm === key) return parent;
      const copy = parent.slice();
      const [e] = copy.splice(key, 1);
      copy.splice(c.lm, 0, e);
      return copy;
    }
    if (c.ld !== undefined) {
      if (key >= len) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `index ${key} is past the end of a list of length ${len}`);
      if (!deepEqual(parent[key], c.ld, true)) fail(ErrorCode.VALUE_MISMATCH, i, c, `ld ${abbrev(c.ld)} does not match the element there, ${abbrev(parent[key])}`);
      const copy = parent.slice();
      if (c.li !== undefined) copy[key] = c.li;
      else copy.splice(key, 1);
      return copy;
    }
    if (key > len) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `insert index ${key} is past the end of a list of length ${len}`);
    const copy = parent.slice();
    copy.splice(key, 0, c.li);
    return copy;
  }
  if (c.oi !== undefined || c.od !== undefined) {
    if (!isObj(parent)) fail(ErrorCode.TYPE_MISMATCH, i, c, `the value at the parent path is a ${typeName(parent)}, not an object`);
    const present = hasOwn.call(parent, key);
    if (c.od !== undefined) {
      if (!present) fail(ErrorCode.MISSING_KEY, i, c, `no key ${JSON.stringify(key)} to delete`);
      if (!deepEqual(parent[key], c.od, true)) fail(ErrorCode.VALUE_MISMATCH, i, c, `od ${abbrev(c.od)} does not match the value there, ${abbrev(parent[key])}`);
    } else if (present) {
      fail(ErrorCode.KEY_EXISTS, i, c, `key ${JSON.stringify(key)} already exists (use oi+od to replace it)`);
    }
    return c.oi !== undefined ? objectWith(parent, key, c.oi) : objectWithout(parent, key);
  }
  // na, si, sd change the value in the slot
  let present;
  if (isArray(parent)) {
    if (typeof key !== 'number') fail(ErrorCode.BAD_PATH, i, c, `${JSON.stringify(key)} is a key but the value there is a list`);
    present = key < parent.length;
    if (!present) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `index ${key} is past the end of a list of length ${parent.length}`);
  } else if (isObj(parent)) {
    if (typeof key !== 'string') fail(ErrorCode.BAD_PATH, i, c, `${key} is an index but the value there is an object`);
    if (!hasOwn.call(parent, key)) fail(ErrorCode.MISSING_KEY, i, c, `no key ${JSON.stringify(key)}`);
  } else {
    fail(ErrorCode.TYPE_MISMATCH, i, c, `the path descends into a ${typeName(parent)}`);
  }
  return withChild(parent, key, changeSlot(parent[key], c, i, false));
}

// Applies na/si/sd to `value`, or oi+od when the slot is the document root.
function changeSlot(value, c, i, isRoot) {
  if (c.na !== undefined) {
    if (typeof value !== 'number') fail(ErrorCode.TYPE_MISMATCH, i, c, `na needs a number, found ${typeName(value)}`);
    const r = value + c.na;
    if (!Number.isFinite(r)) fail(ErrorCode.BAD_NUMBER, i, c, `${value} + ${c.na} is not a finite number`);
    return r;
  }
  if (c.si !== undefined || c.sd !== undefined) {
    if (typeof value !== 'string') fail(ErrorCode.TYPE_MISMATCH, i, c, `${c.si !== undefined ? 'si' : 'sd'} needs a string, found ${typeName(value)}`);
    const off = c.p[c.p.length - 1];
    if (c.si !== undefined) {
      if (off > value.length) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `offset ${off} is past the end of a string of length ${value.length}`);
      return value.slice(0, off) + c.si + value.slice(off);
    }
    const end = off + c.sd.length;
    if (end > value.length) fail(ErrorCode.INDEX_OUT_OF_RANGE, i, c, `deleting ${c.sd.length} at ${off} runs past the end of a string of length ${value.length}`);
    const there = value.slice(off, end);
    if (there !== c.sd) fail(ErrorCode.VALUE_MISMATCH, i, c, `sd ${JSON.stringify(c.sd)} does not match the text there, ${JSON.stringify(there)}`);
    return value.slice(0, off) + value.slice(end);
  }
  if (isRoot) {
    // oi/od at the root: the root always exists, so only a replace (oi+od) applies
    if (c.od === undefined) fail(ErrorCode.KEY_EXISTS, i, c, 'the document root always exists (use oi+od to replace it)');
    if (!deepEqual(value, c.od, true)) fail(ErrorCode.VALUE_MISMATCH, i, c, `od ${abbrev(c.od)} does not match the document, ${abbrev(value)}`);
    return c.oi;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

function abbrev(v) {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

// ---------------------------------------------------------------------------------------------
// append, compose, normalize, invert
// ---------------------------------------------------------------------------------------------

const isStr = (c) => c.si !== undefined || c.sd !== undefined;

function samePath(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameStringPath(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length - 1; i++) if (a[i] !== b[i]) return false;
  return true;
}

// A JavaScript `===` between values as json0 sees them after cloning: objects never match.
const sameScalar = (a, b) => a === b && (a === null || typeof a !== 'object');

const inject = (s, at, t) => s.slice(0, at) + t + s.slice(at);

/**
 * Appends component c to dest, merging it into the last component where json0 does (adjacent
 * string edits, number adds, insert-then-delete, delete-then-insert). Never mutates c; may replace
 * dest's last element with a new object.
 */
function append(dest, c) {
  const n = dest.length;
  if (n === 0) {
    dest.push(c);
    return;
  }
  const last = dest[n - 1];
  if (isStr(c) && isStr(last)) {
    if (!sameStringPath(c.p, last.p)) {
      dest.push(c);
      return;
    }
    if (c.si === '' || c.sd === '') return;
    const lp = last.p[last.p.length - 1];
    const cp = c.p[c.p.length - 1];
    if (last.si !== undefined && c.si !== undefined && lp <= cp && cp <= lp + last.si.length) {
      dest[n - 1] = { p: last.p, si: inject(last.si, cp - lp, c.si) };
    } else if (last.sd !== undefined && c.sd !== undefined && cp <= lp && lp <= cp + c.sd.length) {
      dest[n - 1] = { p: c.p, sd: inject(c.sd, lp - cp, last.sd) };
    } else {
      dest.push(c);
    }
    return;
  }
  if (!samePath(c.p, last.p)) {
    dest.push(c);
    return;
  }
  if (last.na !== undefined && c.na !== undefined) {
    dest[n - 1] = { p: last.p, na: last.na + c.na };
  } else if (last.li !== undefined && c.li === undefined && c.ld !== undefined && sameScalar(c.ld, last.li)) {
    // an insert directly followed by its delete cancels out (json0 compares with ===)
    if (last.ld !== undefined) dest[n - 1] = { p: last.p, ld: last.ld };
    else dest.pop();
  } else if (last.od !== undefined && last.oi === undefined && c.oi !== undefined && c.od === undefined) {
    dest[n - 1] = { p: last.p, od: last.od, oi: c.oi };
  } else if (last.oi !== undefined && c.od !== undefined) {
    if (c.oi !== undefined) dest[n - 1] = { ...last, oi: c.oi };
    else if (last.od !== undefined) dest[n - 1] = { p: last.p, od: last.od };
    else dest.pop();
  } else if (c.lm !== undefined && c.p[c.p.length - 1] === c.lm) {
    // a move to the same place is dropped
  } else {
    dest.push(c);
  }
}

/** The op with the effect of `a` then `b`. */
export function compose(a, b) {
  checkOp(a);
  checkOp(b);
  const out = a.slice();
  for (let i = 0; i < b.length; i++) append(out, b[i]);
  return out;
}

/**
 * Merges adjacent components the way json0 does. Like json0, accepts a single component in place
 * of a list, and a component without `p` is taken to be at the root.
 */
export function normalize(op) {
  const list = isArray(op) ? op : [op];
  const fixed = list.map((c) => (isObj(c) && c.p == null ? { ...c, p: [] } : c));
  checkOp(fixed);
  const out = [];
  for (let i = 0; i < fixed.length; i++) append(out, fixed[i]);
  return out;
}

/** The op that undoes `op` (apply(apply(d, op), invert(op)) equals d). */
export function invert(op) {
  checkOp(op);
  const out = new Array(op.length);
  for (let i = 0; i < op.length; i++) out[op.length - 1 - i] = invertComponent(op[i]);
  return out;
}

function invertComponent(c) {
  const r = { p: c.p };
  if (c.si !== undefined) r.sd = c.si;
  if (c.sd !== undefined) r.si = c.sd;
  if (c.oi !== undefined) r.od = c.oi;
  if (c.od !== undefined) r.oi = c.od;
  if (c.li !== undefined) r.ld = c.li;
  if (c.ld !== undefined) r.li = c.ld;
  if (c.na !== undefined) r.na = c.na === 0 ? 0 : -c.na;
  if (c.lm !== undefined) {
    r.p = c.p.slice(0, -1);
    r.p.push(c.lm);
    r.lm = c.p[c.p.length - 1];
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// transform
// ---------------------------------------------------------------------------------------------

/**
 * Transforms `op` so that it applies after `other`, where both were made against the same
 * document. `side` breaks ties: the op that the sequencer saw first is 'right' for the other.
 * TP1: apply(apply(d, a), transform(b, a, 'right')) equals apply(apply(d, b), transform(a, b, 'left')).
 */
export function transform(op, other, side) {
  if (side !== 'left' && side !== 'right') throw new OtError(ErrorCode.BAD_SIDE, `side must be 'left' or 'right', not ${JSON.stringify(side)}`);
  checkOp(op);
  checkOp(other);
  if (other.length === 0) return op;
  if (op.length === 1 && other.length === 1) return transformComponent([], op[0], other[0], side);
  return side === 'left' ? transformX(op, other)[0] : transformX(other, op)[1];
}

/** Like transform, but returns {ok: op} or {error: OtError} instead of throwing. */
export function tryTransform(op, other, side) {
  try {
    return { ok: transform(op, other, side) };
  } catch (e) {
    if (e instanceof OtError) return { error: e };
    throw e;
  }
}

/** Like apply, but returns {ok: doc} or {error: OtError} instead of throwing. */
export function tryApply(doc, op) {
  try {
    return { ok: apply(doc, op) };
  } catch (e) {
    if (e instanceof OtError) return { error: e };
    throw e;
  }
}

// Transforms the components of `left` and `right` past each other (`right` wins ties).
function transformX(left, right) {
  const newRight = [];
  for (let i = 0; i < right.length; i++) {
    let rc = right[i];
    const newLeft = [];
    let k = 0;
    while (k < left.length) {
      const next = [];
      transformComponent(newLeft, left[k], rc, 'left');
      transformComponent(next, rc, left[k], 'right');
      k++;
      if (next.length === 1) {
        rc = next[0];
      } else if (next.length === 0) {
        for (let j = k; j < left.length; j++) append(newLeft, left[j]);
        rc = null;
        break;
      } else {
        const [l2, r2] = transformX(left.slice(k), next);
        for (let j = 0; j < l2.length; j++) append(newLeft, l2[j]);
        for (let j = 0; j < r2.length; j++) append(newRight, r2[j]);
        rc = null;
        break;
      }
    }
    if (rc !== null) append(newRight, rc);
    left = newLeft;
  }
  return [left, newRight];
}

// Length of the path that `a` operates inside (its container path), if that path is a prefix of
// b's container path; null if the two are unrelated, -1 when `a` is at the root.
function commonLength(a, b) {
  let alen = a.p.length;
  let blen = b.p.length;
  if (a.na !== undefined) alen++;
  if (b.na !== undefined) blen++;
  if (alen === 0) return -1;
  if (blen === 0) return null;
  alen--;
  blen--;
  for (let i = 0; i < alen; i++) {
    if (i >= blen || a.p[i] !== b.p[i]) return null;
  }
  return alen;
}

// Two keys at the same depth under the same parent must agree on what that parent is.
function sameKind(x, y, c, o) {
  if (x !== undefined && y !== undefined && typeof x !== typeof y) {
    throw new OtError(ErrorCode.TRANSFORM_CONFLICT,
      `${describe(c)} and ${describe(o)} disagree on whether a value is a list or an object`);
  }
}

function copyOf(c) {
  const r = { ...c };
  r.p = c.p.slice();
  return r;
}

// Transforms component c past component o (both made against the same document) and appends the
// result (zero, one or two components) to dest.
function transformComponent(dest, c0, o, side) {
  let c = c0;
  const common = commonLength(o, c);
  const common2 = commonLength(c, o);
  const cplen = c.p.length + (c.na !== undefined ? 1 : 0);
  const oplen = o.p.length + (o.na !== undefined ? 1 : 0);

  // If c deletes something that o changes inside, c must delete the changed value (invertibility).
  if (common2 !== null && oplen > cplen) {
    const ck = c.p[common2], ok = o.p[common2];
    sameKind(ck, ok, c, o);
    if (ck === ok && (c.ld !== undefined || c.od !== undefined)) {
      const inner = [{ ...o, p: o.p.slice(cplen) }];
      c = copyOf(c);
      if (c.ld !== undefined) c.ld = applyChecked(c.ld, inner);
      else c.od = applyChecked(c.od, inner);
    }
  }

  if (common === null) {
    append(dest, c);
    return dest;
  }
  const commonOperand = cplen === oplen;
  const ck = c.p[common];
  const ok = o.p[common];
  sameKind(ck, ok, c, o);

  if (isStr(c) && isStr(o)) {
    if (c.p.length !== o.p.length) {
      throw new OtError(ErrorCode.TRANSFORM_CONFLICT, `${describe(c)} and ${describe(o)} disagree on where a string is`);
    }
    transformText(dest, c, o, side);
    return dest;
  }
  if (o.na !== undefined) {
    // a number add changes nothing for anybody else
  } else if (o.li !== undefined && o.ld !== undefined) {
    if (ok === ck) {
      if (!commonOperand) return dest;
      if (c.ld !== undefined) {
        if (c.li !== undefined && side === 'left') {
          c = copyOf(c);
          c.ld = o.li;
        } else {
          return dest;
        }
      }
    }
  } else if (o.li !== undefined) {
    if (c.li !== undefined && c.ld === undefined && commonOperand && ck === ok) {
      if (side === 'right') {
        c = copyOf(c);
        c.p[common]++;
      }
    } else if (ok <= ck) {
      c = copyOf(c);
      c.p[common]++;
    }
    if (c.lm !== undefined && commonOperand && ok <= c.lm) {
      if (c === c0) c = copyOf(c);
      c.lm++;
    }
  } else if (o.ld !== undefined) {
    if (c.lm !== undefined && commonOperand) {
      if (ok === ck) return dest;
      const to = c.lm;
      if (ok < to || (ok === to && ck < to)) {
        c = copyOf(c);
        c.lm--;
      }
    }
    if (ok < ck) {
      if (c === c0) c = copyOf(c);
      c.p[common]--;
    } else if (ok === ck) {
      if (oplen < cplen) return dest;
      if (c.ld !== undefined) {
        if (c.li === undefined) return dest;
        // we replace what they delete: we become an insert
        c = { p: c.p, li: c.li };
      }
    }
  } else if (o.lm !== undefined) {
    c = copyOf(c);
    const otherFrom = ok;
    const otherTo = o.lm;
    if (c.lm !== undefined && cplen === oplen) {
      // lm vs lm
      const from = ck;
      const to = c.lm;
      if (otherFrom !== otherTo) {
        if (from === otherFrom) {
          // they moved our element: the left move wins
          if (side !== 'left') return dest;
          c.p[common] = otherTo;
          if (from === to) c.lm = otherTo;
        } else {
          if (from > otherFrom) c.p[common]--;
          if (from > otherTo) c.p[common]++;
          else if (from === otherTo && otherFrom > otherTo) {
            c.p[common]++;
            if (from === to) c.lm++;
          }
          if (to > otherFrom) c.lm--;
          else if (to === otherFrom && to > from) c.lm--;
          if (to > otherTo) {
            c.lm++;
          } else if (to === otherTo) {
            if ((otherTo > otherFrom && to > from) || (otherTo < otherFrom && to < from)) {
              if (side === 'right') c.lm++;
            } else if (to > from) {
              c.lm++;
            } else if (to === otherFrom) {
              c.lm--;
            }
          }
        }
      }
    } else if (c.li !== undefined && c.ld === undefined && commonOperand) {
      // an insert keeps its place among the elements around it
      if (ck > otherFrom) c.p[common]--;
      if (ck > otherTo) c.p[common]++;
    } else if (ck === otherFrom) {
      // anything else that addresses the moved element follows it
      c.p[common] = otherTo;
    } else {
      if (ck > otherFrom) c.p[common]--;
      if (ck > otherTo) c.p[common]++;
      else if (ck === otherTo && otherFrom > otherTo) c.p[common]++;
    }
  } else if (o.oi !== undefined && o.od !== undefined) {
    if (ck === ok) {
      if (c.oi === undefined || !commonOperand) return dest;
      if (side === 'right') return dest;
      c = copyOf(c);
      c.od = o.oi;
    }
  } else if (o.oi !== undefined) {
    if (c.oi !== undefined && ck === ok) {
      if (side !== 'left') return dest;
      append(dest, { p: c.p, od: o.oi });
    }
  } else if (o.od !== undefined) {
    if (ck === ok) {
      if (!commonOperand || c.oi === undefined) return dest;
      c = { p: c.p, oi: c.oi };
    }
  }
  append(dest, c);
  return dest;
}

// c and o edit the same string. Offsets are UTF-16 code units, as in JavaScript strings.
function transformText(dest, c, o, side) {
  const last = c.p.length - 1;
  const cp = c.p[last];
  const op = o.p[last];
  const at = (pos) => {
    const p = c.p.slice();
    p[last] = pos;
    return p;
  };
  const out = [];
  if (c.si !== undefined) {
    textAppend(out, { i: c.si, p: shiftPosition(cp, o, op, side === 'right') });
  } else if (o.si !== undefined) {
    let s = c.sd;
    if (cp < op) {
      textAppend(out, { d: s.slice(0, op - cp), p: cp });
      s = s.slice(op - cp);
    }
    if (s !== '') textAppend(out, { d: s, p: cp + o.si.length });
  } else {
    const cEnd = cp + c.sd.length;
    const oEnd = op + o.sd.length;
    if (cp >= oEnd) {
      textAppend(out, { d: c.sd, p: cp - o.sd.length });
    } else if (cEnd <= op) {
      textAppend(out, { d: c.sd, p: cp });
    } else {
      let d = '';
      if (cp < op) d = c.sd.slice(0, op - cp);
      if (cEnd > oEnd) d += c.sd.slice(oEnd - cp);
      const from = Math.max(cp, op);
      const to = Math.min(cEnd, oEnd);
      if (c.sd.slice(from - cp, to - cp) !== o.sd.slice(from - op, to - op)) {
        throw new OtError(ErrorCode.TRANSFORM_CONFLICT, `${describe(c)} and ${describe(o)} delete different text in the same place`);
      }
      if (d !== '') textAppend(out, { d, p: shiftPosition(cp, o, op, false) });
    }
  }
  for (const t of out) append(dest, t.i !== undefined ? { p: at(t.p), si: t.i } : { p: at(t.p), sd: t.d });
}

// Where offset pos ends up after string component o (at offset op).
function shiftPosition(pos, o, op, insertAfter) {
  if (o.si !== undefined) return op < pos || (op === pos && insertAfter) ? pos + o.si.length : pos;
  if (pos <= op) return pos;
  if (pos <= op + o.sd.length) return op;
  return pos - o.sd.length;
}

// Appends a text component ({i|d, p}) to a list of them, merging it into the last where possible.
function textAppend(out, t) {
  if (t.i === '' || t.d === '') return;
  const n = out.length;
  if (n === 0) {
    out.push(t);
    return;
  }
  const last = out[n - 1];
  if (last.i !== undefined && t.i !== undefined && last.p <= t.p && t.p <= last.p + last.i.length) {
    out[n - 1] = { i: inject(last.i, t.p - last.p, t.i), p: last.p };
  } else if (last.d !== undefined && t.d !== undefined && t.p <= last.p && last.p <= t.p + t.d.length) {
    out[n - 1] = { d: inject(t.d, last.p - t.p, last.d), p: t.p };
  } else {
    out.push(t);
  }
}

// ---------------------------------------------------------------------------------------------
// transformPosition
// ---------------------------------------------------------------------------------------------

/**
 * Moves a caret through `op`: `path` is the path of a string in the document and `offset` a
 * UTF-16 offset in it. Returns {path, offset} where the caret is after op, or null when op deleted
 * or replaced the string (or something containing it). Text inserted exactly at the caret goes
 * after it (the caret stays put) unless `stickAfter` is true.
 */
export function transformPosition(path, offset, op, stickAfter = false) {
  if (!isArray(path) || path.some((e) => typeof e !== 'string' && !isIndex(e))) {
    throw new OtError(ErrorCode.BAD_PATH, `a caret path must be a list of keys and indexes, not ${JSON.stringify(path)}`);
  }
  if (!isIndex(offset)) throw new OtError(ErrorCode.BAD_PATH, `a caret offset must be a non-negative integer, not ${JSON.stringify(offset)}`);
  checkOp(op);
  let p = path.slice();
  let off = offset;
  for (let i = 0; i < op.length; i++) {
    const c = op[i];
    if (isStr(c)) {
      if (c.p.length - 1 === p.length && sameStringPath(c.p, p.concat([0]))) {
        off = shiftPosition(off, c, c.p[c.p.length - 1], stickAfter);
      }
      continue;
    }
    if (c.na !== undefined) continue;
    const n = c.p.length;
    if (n > p.length) continue;
    let prefix = true;
    for (let j = 0; j < n - 1; j++) if (c.p[j] !== p[j]) { prefix = false; break; }
    if (!prefix) continue;
    const key = c.p[n - 1];
    if (n === 0) return null; // the root was replaced
    const mine = p[n - 1];
    if (c.oi !== undefined || c.od !== undefined) {
      if (key === mine) return null;
    } else if (c.lm !== undefined) {
      if (typeof mine !== 'number') continue;
      if (mine === key) p[n - 1] = c.lm;
      else {
        let q = mine;
        if (q > key) q--;
        if (mine > c.lm) q++;
        else if (mine === c.lm && key > c.lm) q++;
        p[n - 1] = q;
      }
    } else if (c.ld !== undefined) {
      if (typeof mine !== 'number') continue;
      if (key === mine) return null;
      if (key < mine && c.li === undefined) p[n - 1] = mine - 1;
    } else if (c.li !== undefined) {
      if (typeof mine === 'number' && key <= mine) p[n - 1] = mine + 1;
    }
  }
  return { path: p, offset: off };
}
