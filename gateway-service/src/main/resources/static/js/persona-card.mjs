// persona-card.mjs: the persona as an editable card, bound to the session document.
//
// Every text field is bound to a json0 path (data-path). Typing turns into string ops
// (si/sd at the caret) through text-ops.mjs; list items are added, removed and moved with
// li/ld/lm; demographics are key/value rows. The card never owns the document: it reads it from
// the connection and hands ops back (`onOp`), and when someone else's op arrives it re-renders
// and puts the caret (and the focus, if a list item moved) back where it belongs.

import { diffToOp, moveSelection } from './text-ops.mjs';

/** The list sections of a persona (DESIGN §6), with their labels. */
export const LISTS = [
  ['goals', 'Goals', 'A goal'],
  ['pain_points', 'Pain points', 'A pain point'],
  ['behaviours', 'Behaviours', 'A behaviour'],
  ['motivations', 'Motivations', 'A motivation'],
  ['quotes', 'Quotes', 'Something they said'],
];
const KNOWN = new Set(['id', 'name', 'title', 'demographics', 'metadata', 'evidence', ...LISTS.map((l) => l[0])]);

const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
};

const key = (path) => JSON.stringify(path);
const at = (doc, path) => path.reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), doc);
const asText = (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export class PersonaCard {
  /**
   * @param {HTMLElement} root
   * @param {object} hooks
   * @param {() => any} hooks.doc the current document (with local changes)
   * @param {(op: any[], field: string) => void} hooks.onOp a local change to submit
   * @param {(focus: any[]|null, caret?: number, selection?: number[]) => void} hooks.onFocus where this participant is
   */
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.editable = false;
    this.readOnlyDoc = null; // set while viewing an earlier version
    this.#build();
  }

  /** Turns editing on or off (viewers, viewing history, closed sessions). */
  setEditable(editable) {
    this.editable = editable;
    this.#applyEditable();
  }

  /** Shows a document that is not the live one (time travel), read only; null goes back. */
  showReadOnly(doc) {
    this.readOnlyDoc = doc;
    this.#applyEditable();
    this.render();
  }

  /** The element bound to a path, if it is on screen. */
  fieldAt(path) {
    return this.root.querySelector(`[data-path='${CSS.escape(key(path))}']`);
  }

  /** Every bound field, for presence markers. */
  fields() {
    return [...this.root.querySelectorAll('[data-path]')];
  }

  /**
   * Re-renders after an op that did not come from this card (remote, undo, reset), keeping the
   * focused field's caret (moved through `op`) and following a list item that moved.
   */
  update(op) {
    const el = document.activeElement;
    let sel = null;
    if (el && this.root.contains(el) && el.dataset.path && typeof el.selectionStart === 'number') {
      const path = JSON.parse(el.dataset.path);
      sel = op ? moveSelection(path, el.selectionStart, el.selectionEnd, op) : { path, start: el.selectionStart, end: el.selectionEnd };
    }
    this.render();
    if (sel) {
      const target = this.fieldAt(sel.path);
      if (target) {
        if (document.activeElement !== target) target.focus({ preventScroll: true });
        const n = target.value.length;
        target.setSelectionRange(Math.min(sel.start, n), Math.min(sel.end, n));
      }
    }
  }

  /** Brings every field in line with the document. */
  render() {
    const doc = this.readOnlyDoc ?? this.hooks.doc() ?? {};
    this.#syncText(this.nameEl, doc.name);
    this.#syncText(this.titleEl, doc.title);
    this.avatarEl.textContent = asText(doc.name).split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
    this.#renderDemographics(doc.demographics);
    for (const [name] of LISTS) this.#renderList(name, doc[name]);
    this.#renderOther(doc);
    this.#autosizeAll();
    this.#applyEditable();
  }

  // ---- building ----

  #build() {
    this.root.replaceChildren();
    this.nameEl = this.#textField(['name'], 'input', { class: 'name', placeholder: 'Persona name', 'aria-label': 'Name' });
    this.titleEl = this.#textField(['title'], 'input', { class: 'title', placeholder: 'Title, e.g. “The time-pressed team lead”', 'aria-label': 'Title' });
    this.metaEl = h('p', { class: 'meta provenance' });
    this.root.append(
      h('header', { class: 'persona-head' }, (this.avatarEl = h('div', { class: 'avatar-big', 'aria-hidden': 'true', text: '?' })), h('div', { class: 'grow' }, this.#wrap(this.nameEl), this.#wrap(this.titleEl), this.metaEl)),
    );
    // Demographics
    this.demoBody = h('div', { class: 'demo-rows' });
    this.demoKey = h('input', { class: 'demo-new-key', placeholder: 'New field, e.g. location', 'aria-label': 'New demographic field name', maxlength: '60' });
    const addDemo = h('form', { class: 'row add-demo', onsubmit: (e) => { e.preventDefault(); this.#addDemographic(); } }, this.demoKey, h('button', { type: 'submit', text: 'Add field' }));
    this.root.append(h('section', { class: 'section', 'aria-labelledby': 'sec-demographics' }, h('h3', { id: 'sec-demographics', text: 'Demographics' }), this.demoBody, addDemo));
    // Lists
    this.lists = new Map();
    for (const [name, label, placeholder] of LISTS) {
      const ol = h('ol', { class: 'items', 'aria-labelledby': `sec-${name}` });
      const add = h('button', { type: 'button', class: 'add', text: `+ Add`, 'aria-label': `Add to ${label}`, onclick: () => this.#addItem(name) });
      this.root.append(h('section', { class: `section list-${name}` }, h('div', { class: 'section-head' }, h('h3', { id: `sec-${name}`, text: label }), add), ol));
      this.lists.set(name, { ol, placeholder, label, add });
    }
    this.otherEl = h('section', { class: 'section other', hidden: true }, h('h3', { text: 'Other fields' }), h('pre', { class: 'other-json' }));
    this.root.append(this.otherEl);
  }

  #wrap(el) {
    return h('div', { class: 'field' }, el);
  }

  #textField(path, tag, attrs) {
    const el = h(tag, { ...attrs, 'data-path': key(path), spellcheck: 'true' });
    if (tag === 'textarea') el.rows = 1;
    el.addEventListener('input', (e) => {
      if (e.isComposing) return;
      this.#commitText(el);
    });
    el.addEventListener('compositionend', () => this.#commitText(el));
    const report = () => this.#reportFocus(el);
    el.addEventListener('focus', report);
    el.addEventListener('keyup', report);
    el.addEventListener('mouseup', report);
    el.addEventListener('select', report);
    el.addEventListener('blur', () => this.hooks.onFocus(null));
    return el;
  }

  #reportFocus(el) {
    if (document.activeElement !== el) return;
    const path = JSON.parse(el.dataset.path);
    const s = el.selectionStart ?? 0;
    const e = el.selectionEnd ?? s;
    this.hooks.onFocus(path, s, s === e ? undefined : [s, e]);
  }

  // ---- local edits ----

  #commitText(el) {
    if (!this.editable) return;
    const path = JSON.parse(el.dataset.path);
    const doc = this.hooks.doc() ?? {};
    const old = at(doc, path);
    const value = el.value;
    let op;
    if (typeof old === 'string') op = diffToOp(path, old, value);
    else if (old === undefined) op = [{ p: path, oi: value }];
    else {
      const n = typeof old === 'number' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
      if (n === old) return;
      op = [{ p: path, od: old, oi: n }];
    }
    if (op.length === 0) return;
    this.hooks.onOp(op, key(path));
    this.#autosize(el);
    this.#reportFocus(el);
  }

  #addItem(name) {
    if (!this.editable) return;
    const doc = this.hooks.doc() ?? {};
    const list = doc[name];
    if (!Array.isArray(list)) {
      if (list !== undefined) this.hooks.onOp([{ p: [name], od: list, oi: [''] }], name);
      else this.hooks.onOp([{ p: [name], oi: [''] }], name);
    } else this.hooks.onOp([{ p: [name, list.length], li: '' }], name);
    this.render();
    const items = (this.hooks.doc() ?? {})[name];
    this.fieldAt([name, items.length - 1])?.focus();
  }

  #removeItem(name, index) {
    const list = (this.hooks.doc() ?? {})[name];
    if (!this.editable || !Array.isArray(list) || index >= list.length) return;
    this.hooks.onOp([{ p: [name, index], ld: list[index] }], name);
    this.render();
  }

  #moveItem(name, index, to) {
    const list = (this.hooks.doc() ?? {})[name];
    if (!this.editable || !Array.isArray(list) || to < 0 || to >= list.length) return;
    this.hooks.onOp([{ p: [name, index], lm: to }], name);
    this.render();
    this.root.querySelector(`[data-item='${CSS.escape(key([name, to]))}'] .move-${to > index ? 'down' : 'up'}`)?.focus();
  }

  #addDemographic() {
    const k = this.demoKey.value.trim().toLowerCase().replace(/\s+/g, '_');
    if (!this.editable || !k) return;
    const doc = this.hooks.doc() ?? {};
    if (doc.demographics && typeof doc.demographics === 'object' && !Array.isArray(doc.demographics)) {
      if (k in doc.demographics) {
        this.fieldAt(['demographics', k])?.focus();
        return;
      }
      this.hooks.onOp([{ p: ['demographics', k], oi: '' }], 'demographics');
    } else if (doc.demographics === undefined) this.hooks.onOp([{ p: ['demographics'], oi: { [k]: '' } }], 'demographics');
    else this.hooks.onOp([{ p: ['demographics'], od: doc.demographics, oi: { [k]: '' } }], 'demographics');
    this.demoKey.value = '';
    this.render();
    this.fieldAt(['demographics', k])?.focus();
  }

  #removeDemographic(k) {
    const demo = (this.hooks.doc() ?? {}).demographics;
    if (!this.editable || !demo || !(k in demo)) return;
    this.hooks.onOp([{ p: ['demographics', k], od: demo[k] }], 'demographics');
    this.render();
  }

  // ---- rendering ----

  #syncText(el, value) {
    const text = asText(value);
    if (el.value !== text) el.value = text;
  }

  #renderDemographics(demo) {
    const entries = demo && typeof demo === 'object' && !Array.isArray(demo) ? Object.entries(demo) : [];
    const rows = [...this.demoBody.children];
    const wanted = entries.map(([k]) => k);
    const have = rows.map((r) => r.dataset.key);
    if (wanted.join('\u0000') !== have.join('\u0000')) {
      const byKey = new Map(rows.map((r) => [r.dataset.key, r]));
      this.demoBody.replaceChildren(...wanted.map((k) => byKey.get(k) ?? this.#demoRow(k)));
    }
    for (const [k, v] of entries) this.#syncText(this.fieldAt(['demographics', k]), v);
  }

  #demoRow(k) {
    const label = k.replace(/_/g, ' ');
    const input = this.#textField(['demographics', k], 'input', { 'aria-label': label });
    return h('div', { class: 'demo-row', 'data-key': k },
      h('span', { class: 'demo-key', text: label }),
      this.#wrap(input),
      h('button', { type: 'button', class: 'icon remove', title: `Remove ${label}`, 'aria-label': `Remove ${label}`, text: '×', onclick: () => this.#removeDemographic(k) }));
  }

  #renderList(name, list) {
    const { ol, placeholder, label } = this.lists.get(name);
    const items = Array.isArray(list) ? list : [];
    while (ol.children.length > items.length) ol.lastElementChild.remove();
    while (ol.children.length < items.length) {
      const i = ol.children.length;
      const ta = this.#textField([name, i], 'textarea', { placeholder, 'aria-label': `${label} ${i + 1}` });
      const li = h('li', { 'data-item': key([name, i]) },
        this.#wrap(ta),
        h('span', { class: 'item-actions' },
          h('button', { type: 'button', class: 'icon move-up', 'aria-label': `Move ${label} ${i + 1} up`, title: 'Move up', text: '↑', onclick: () => this.#moveItem(name, i, i - 1) }),
          h('button', { type: 'button', class: 'icon move-down', 'aria-label': `Move ${label} ${i + 1} down`, title: 'Move down', text: '↓', onclick: () => this.#moveItem(name, i, i + 1) }),
          h('button', { type: 'button', class: 'icon remove', 'aria-label': `Remove ${label} ${i + 1}`, title: 'Remove', text: '×', onclick: () => this.#removeItem(name, i) })));
      ol.append(li);
    }
    items.forEach((v, i) => this.#syncText(this.fieldAt([name, i]), v));
  }

  #renderOther(doc) {
    const other = Object.fromEntries(Object.entries(doc).filter(([k]) => !KNOWN.has(k) && !k.startsWith('_')));
    this.otherEl.hidden = Object.keys(other).length === 0;
    this.otherEl.querySelector('pre').textContent = JSON.stringify(other, null, 2);
    const m = doc.metadata;
    this.metaEl.textContent = m && typeof m === 'object'
      ? `Generated${m.provider ? ` by ${m.provider}` : ''}${m.model && m.model !== m.provider ? ` (${m.model})` : ''}${m.generated_at ? ` on ${new Date(m.generated_at).toLocaleString()}` : ''}`
      : '';
  }

  #applyEditable() {
    const on = this.editable && !this.readOnlyDoc;
    for (const el of this.root.querySelectorAll('input, textarea')) el.readOnly = !on;
    for (const el of this.root.querySelectorAll('button')) el.disabled = !on;
    this.root.classList.toggle('read-only', !on);
  }

  #autosizeAll() {
    for (const el of this.root.querySelectorAll('textarea')) this.#autosize(el);
  }

  #autosize(el) {
    if (el.tagName !== 'TEXTAREA') return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }
}
