// undo.mjs: undo and redo of this participant's own changes only.
//
// Each local change pushes its inverse on the undo stack. Other people's ops keep arriving, so
// before an inverse can be applied it must be moved to the present: every remote op is transformed
// back through the stack, newest entry first (the newest inverse applies to the current document;
// the op transformed past it is in the context of the next older one, and so on). Undoing then
// removes only what this participant did, even when others have since typed around it or in the
// same field, and never rolls back their work. Keystrokes in the same field within `groupWindow`
// ms are one step, as in any editor. A new local change clears the redo stack.

import { compose, invert, transform } from './json0.mjs';

export class UndoManager {
  constructor({ groupWindow = 800, limit = 200, now = () => Date.now() } = {}) {
    this.groupWindow = groupWindow;
    this.limit = limit;
    this.now = now;
    this.undoStack = []; // {op, field, at}
    this.redoStack = [];
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }

  get canRedo() {
    return this.redoStack.length > 0;
  }

  /** A change this participant made (not an undo or redo, which call `done`). */
  recordLocal(op, field = null) {
    if (op.length === 0) return;
    const inverse = invert(op);
    const top = this.undoStack[this.undoStack.length - 1];
    const at = this.now();
    if (top && field && top.field === field && at - top.at <= this.groupWindow) {
      top.op = compose(inverse, top.op);
      top.at = at;
    } else {
      this.undoStack.push({ op: inverse, field, at });
      if (this.undoStack.length > this.limit) this.undoStack.shift();
    }
    this.redoStack = [];
  }

  /** An op of someone else, as applied to this page's document. */
  recordRemote(op) {
    this.undoStack = moveBack(this.undoStack, op);
    this.redoStack = moveBack(this.redoStack, op);
  }

  /** The op that undoes the last own change (already in the present), or null. Call `applied` after submitting it. */
  takeUndo() {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.redoStack.push({ op: invert(entry.op), field: entry.field, at: 0 });
    return entry.op;
  }

  takeRedo() {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    this.undoStack.push({ op: invert(entry.op), field: entry.field, at: 0 });
    return entry.op;
  }

  /** Forgets everything (the document was replaced). */
  clear() {
    this.undoStack = [];
    this.redoStack = [];
  }
}

function moveBack(stack, remote) {
  let r = remote;
  const out = new Array(stack.length);
  for (let i = stack.length - 1; i >= 0; i--) {
    const e = stack[i];
    const moved = transform(e.op, r, 'left');
    r = transform(r, e.op, 'right');
    out[i] = { ...e, op: moved };
  }
  return out.filter((e) => e.op.length > 0);
}
