// Seeded generator of persona-shaped documents and valid json0 ops on them (test helper).
import { apply } from '../json0.mjs';

/** A small seeded PRNG (mulberry32) with helpers. */
export function rng(seed, wide = false) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p, wide };
}

const WORDS = ['research', 'user', 'onboarding', 'café', 'naïve', 'Zoë', '東京', 'mobile', 'fast', 'trust',
  'budget', 'team', '😀', '👩‍💻', 'ñ', 'weekly', 'report', 'a', '', 'x y', 'déjà vu', '𝄞', 'emoji🎉party'];
const KEYS = ['name', 'title', 'age_range', 'occupation', 'location', 'goals', 'notes', 'k', 'x', 'tags',
  'score', 'level', 'extra', 'é', '😀', 'meta', 'v', '0', '10'];

export function word(r) {
  return r.pick(WORDS);
}

export function text(r, max = 8) {
  const n = r.int(max) + 1;
  const out = [];
  for (let i = 0; i < n; i++) out.push(word(r));
  return out.join(' ');
}

export function number(r) {
  switch (r.int(5)) {
    case 0: return r.int(100);
    case 1: return -r.int(10);
    case 2: return r.int(1000) / 10;
    // wide numbers lose precision in sums: only the differential (which compares with the
    // oracle's identical arithmetic) uses them; the laws hold exactly on the rest
    case 3: return r.wide ? r.pick([0.1, 0.2, 1e21, 1.5e-7, 123456789012, 2 ** 53, 0.5]) : r.int(64) / 8;
    default: return r.int(5);
  }
}

/** A random JSON value, at most `depth` levels of containers deep. */
export function value(r, depth = 2) {
  switch (r.int(depth > 0 ? 8 : 5)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return number(r);
    case 3: case 4: return text(r, 4);
    case 5: case 6: {
      const n = r.int(4);
      const o = {};
      for (let i = 0; i < n; i++) o[r.pick(KEYS)] = value(r, depth - 1);
      return o;
    }
    default: {
      const n = r.int(4);
      const l = [];
      for (let i = 0; i < n; i++) l.push(value(r, depth - 1));
      return l;
    }
  }
}

const strings = (r, n) => Array.from({ length: n }, () => text(r, 6));

/** A persona: name, title, demographics, lists of strings, a long text, numbers, nesting. */
export function persona(r) {
  const doc = {
    id: 'p-' + r.int(1000),
    name: text(r, 3),
    title: text(r, 5),
    demographics: { age_range: '25-34', occupation: text(r, 2), location: word(r), age: r.int(80) },
    goals: strings(r, r.int(4)),
    pain_points: strings(r, r.int(4)),
    behaviours: strings(r, r.int(3)),
    quotes: strings(r, r.int(3)),
    motivations: strings(r, r.int(3)),
  };
  if (r.chance(0.3)) doc.bio = text(r, 60);
  if (r.chance(0.4)) doc.metadata = { version: r.int(5), provider: 'ollama', score: number(r) };
  if (r.chance(0.3)) doc.evidence = [{ quote: text(r, 4), source: word(r) }, { quote: text(r, 3), tags: [word(r)] }];
  if (r.chance(0.2)) doc.extra = value(r, 3);
  return doc;
}

function paths(doc) {
  // every path in the document, with the value there
  const out = [];
  const walk = (v, p) => {
    out.push([p, v]);
    if (Array.isArray(v)) v.forEach((e, i) => walk(e, [...p, i]));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], [...p, k]);
  };
  walk(doc, []);
  return out;
}

function newKey(r, obj) {
  for (let i = 0; i < 20; i++) {
    const k = r.chance(0.5) ? r.pick(KEYS) : word(r) + r.int(100);
    if (!Object.prototype.hasOwnProperty.call(obj, k)) return k;
  }
  return 'k' + r.int(1e9);
}

/** One component that is valid on doc. */
export function component(r, doc, focus) {
  let all = paths(doc);
  if (focus && r.chance(0.8)) {
    // concentrate on one region of the document, where concurrent edits conflict
    const near = all.filter(([p]) => focus.every((k, i) => i >= p.length || p[i] === k));
    if (near.length) all = near;
  }
  for (;;) {
    const [p, v] = r.pick(all);
    const parentPath = p.slice(0, -1);
    const parent = p.length ? parentAt(doc, parentPath) : undefined;
    const key = p[p.length - 1];
    const choice = r.int(10);
    if (typeof v === 'string' && choice < 6) {
      // prefer text edits: that is what people do to personas
      if (r.chance(0.55) || v.length === 0) {
        let off = r.int(v.length + 1);
        if (r.chance(0.3)) off = v.length;
        return { p: [...p, off], si: r.chance(0.8) ? word(r) : text(r, 3) };
      }
      const off = r.int(v.length);
      const len = 1 + r.int(Math.min(v.length - off, 12));
      return { p: [...p, off], sd: v.slice(off, off + len) };
    }
    if (typeof v === 'number' && choice < 5) return { p, na: r.chance(0.8) ? r.int(10) - 3 : number(r) };
    if (Array.isArray(v) && choice < 5) {
      return { p: [...p, r.int(v.length + 1)], li: r.chance(0.7) ? text(r, 4) : value(r, 2) };
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && choice < 5) {
      return { p: [...p, newKey(r, v)], oi: r.chance(0.6) ? text(r, 3) : value(r, 2) };
    }
    if (p.length === 0) {
      if (r.chance(0.05)) return { p: [], od: doc, oi: r.chance(0.5) ? persona(r) : value(r, 2) };
      continue;
    }
    if (Array.isArray(parent)) {
      const c = r.int(4);
      if (c === 0) return { p, ld: v };
      if (c === 1) return { p, ld: v, li: r.chance(0.5) ? text(r, 3) : value(r, 1) };
      if (c === 2) return { p, lm: r.int(parent.length) };
      return { p, li: text(r, 3) };
    }
    if (parent !== null && typeof parent === 'object') {
      if (r.chance(0.5)) return { p, od: v };
      return { p, od: v, oi: r.chance(0.5) ? text(r, 3) : value(r, 2) };
    }
  }
}

function parentAt(doc, p) {
  let v = doc;
  for (const k of p) v = v[k];
  return v;
}

/** An op of 1..max components, each valid on the document the previous ones produced. */
export function op(r, doc, max = 3, focus = undefined) {
  const n = 1 + (r.chance(0.5) ? 0 : r.int(max));
  const out = [];
  let d = doc;
  for (let i = 0; i < n; i++) {
    const c = component(r, d, focus);
    d = apply(d, [c]);
    out.push(c);
  }
  return out;
}

/** Breaks a valid op in one of the ways clients get wrong (for rejection tests). */
export function corrupt(r, doc, o) {
  const c = { ...o[r.int(o.length)] };
  const out = o.map((x) => x);
  const i = out.indexOf(o.find((x) => x.p === c.p));
  switch (r.int(9)) {
    case 0: c.p = [...c.p, 'nope', 3]; break;
    case 1: c.p = ['missing_' + r.int(9), ...c.p]; break;
    case 2: c.p = c.p.length ? [...c.p.slice(0, -1), 9999] : [9999]; break;
    case 3: return [{ p: ['name'], na: 1 }];
    case 4: return [{ p: ['goals', 0, 0], oi: 1 }];
    case 5: return [{ p: ['demographics'], li: 1 }];
    case 6: return [{ p: ['name', 9999], sd: 'zz' }];
    case 7: return [{ p: ['goals'], na: 2 }];
    default: return [{ p: ['nope', 'deeper'], oi: 1 }];
  }
  out[i >= 0 ? i : 0] = c;
  return out;
}

/** A path near the first component of o (a prefix of its path), to aim a concurrent op at. */
export function focusOf(r, o) {
  const p = o[0].p;
  return p.slice(0, Math.max(1, r.int(p.length + 1)));
}

/** Components aimed at one list (moves, inserts, deletes, replaces, edits of its strings). */
export function listOp(r, doc, listPath, max = 3) {
  const n = 1 + r.int(max);
  const out = [];
  let d = doc;
  for (let i = 0; i < n; i++) {
    const list = parentAt(d, listPath);
    const len = list.length;
    const k = r.int(len === 0 ? 1 : 6);
    let c;
    if (k === 0 || len === 0) c = { p: [...listPath, r.int(len + 1)], li: word(r) };
    else {
      const at = r.int(len);
      const v = list[at];
      if (k === 1) c = { p: [...listPath, at], ld: v };
      else if (k === 2) c = { p: [...listPath, at], ld: v, li: word(r) };
      else if (k === 3 && typeof v === 'string') c = { p: [...listPath, at, r.int(v.length + 1)], si: word(r) };
      else c = { p: [...listPath, at], lm: r.int(len) };
    }
    d = apply(d, [c]);
    out.push(c);
  }
  return out;
}

/** A persona with a long goals list, and a concurrent pair of ops on it. */
export function listBattle(r) {
  const doc = persona(r);
  doc.goals = Array.from({ length: 2 + r.int(5) }, (_, i) => word(r) + i);
  return { doc, a: listOp(r, doc, ['goals']), b: listOp(r, doc, ['goals']) };
}
