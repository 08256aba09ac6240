// text-ops.mjs: text fields as json0 string ops, and carets moved through other people's ops.

import { transformPosition } from './json0.mjs';

/**
 * The json0 op that turns `before` into `after` in the string at `path`: one delete and/or one
 * insert at the first difference (what a keystroke, a paste or a cut does). Offsets are UTF-16
 * code units like the browser's selectionStart; a difference is never split inside a surrogate
 * pair. Returns [] when the strings are equal.
 */
export function diffToOp(path, before, after) {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Keep surrogate pairs whole: widen the changed range if it starts or ends inside one.
  if (start > 0 && isLow(before.charCodeAt(start)) && isHigh(before.charCodeAt(start - 1))) start--;
  if (endB < before.length && isLow(before.charCodeAt(endB)) && isHigh(before.charCodeAt(endB - 1))) {
    endB++;
    endA++;
  }
  const op = [];
  const removed = before.slice(start, endB);
  const inserted = after.slice(start, endA);
  if (removed) op.push({ p: [...path, start], sd: removed });
  if (inserted) op.push({ p: [...path, start], si: inserted });
  return op;
}

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Moves a selection [start, end] in the string at `path` through `op`. Returns null when op
 * removed or replaced the field. Text inserted at a collapsed caret goes before it (the caret
 * stays after what others type at the same place only when `stickAfter`).
 */
export function moveSelection(path, start, end, op) {
  const a = transformPosition(path, start, op);
  if (!a) return null;
  const b = start === end ? a : transformPosition(path, end, op);
  if (!b) return null;
  return { path: a.path, start: a.offset, end: Math.max(a.offset, b.offset) };
}

/** True when op touches the value at `path` or anything under or over it. */
export function touches(op, path) {
  return op.some((c) => {
    const n = Math.min(c.p.length, path.length);
    for (let i = 0; i < n; i++) if (c.p[i] !== path[i]) return false;
    return true;
  });
}
