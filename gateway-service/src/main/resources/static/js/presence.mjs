// presence.mjs: who is here and where. Avatars in the top bar, a coloured outline with a name
// tag on the field each person is in, and their caret (or selection) drawn inside the text.
//
// Entries are kept per connection (client_id) and moved through every op this page applies, so
// a caret stays on the right character while people type around it (moveSelection from
// text-ops.mjs; ops through Kafka and presence through Redis can cross, so this is best effort
// for the instant between them and exact after). An entry that has not been refreshed within
// `ttl` is dropped, as the server does.

import { moveSelection } from './text-ops.mjs';

const initials = (name) => (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');

export class Presence {
  constructor({ avatars, card, selfUserId, ttl = 30_000, now = () => Date.now() }) {
    this.avatarsEl = avatars;
    this.card = card;
    this.self = selfUserId;
    this.ttl = ttl;
    this.now = now;
    this.people = new Map(); // user_id -> {name, color, role}
    this.entries = new Map(); // client_id -> {user_id, name, color, focus, caret, selection, at}
    this.overlays = [];
  }

  /** The participants list of a welcome and its presence entries. */
  reset(welcome, names) {
    this.people.clear();
    this.entries.clear();
    for (const id of welcome.participants || []) this.people.set(id, { name: names.get(id) || id.replace(/^[^:]*:/, ''), color: null });
    for (const p of welcome.presence || []) this.#store(p);
    this.render();
  }

  /** Display names learnt later (from session-service). */
  rename(names) {
    for (const [id, p] of this.people) if (names.has(id)) p.name = names.get(id);
    this.render();
  }

  joined(frame) {
    this.people.set(frame.user_id, { name: frame.name, color: frame.color, role: frame.role });
    this.render();
  }

  left(frame) {
    this.people.delete(frame.user_id);
    for (const [cid, e] of this.entries) if (e.user_id === frame.user_id) this.entries.delete(cid);
    this.render();
  }

  /** A presence frame from the server. */
  update(frame) {
    this.#store(frame);
    this.render();
  }

  /** Moves every caret through an op this page applied. */
  moveThrough(op) {
    for (const e of this.entries.values()) {
      if (!e.focus) continue;
      const start = e.selection ? e.selection[0] : e.caret ?? 0;
      const end = e.selection ? e.selection[1] : start;
      const moved = moveSelection(e.focus, start, end, op);
      if (!moved) {
        e.focus = null;
        continue;
      }
      e.focus = moved.path;
      if (e.caret !== undefined && e.caret !== null) e.caret = moved.start;
      if (e.selection) e.selection = [moved.start, moved.end];
    }
  }

  /** Drops entries older than the TTL; call now and then. */
  expire() {
    const limit = this.now() - this.ttl;
    let changed = false;
    for (const [cid, e] of this.entries) {
      if (e.at < limit) {
        this.entries.delete(cid);
        changed = true;
      }
    }
    if (changed) this.render();
  }

  #store(p) {
    if (!p.client_id) return;
    const person = this.people.get(p.user_id) || {};
    this.people.set(p.user_id, { ...person, name: p.name || person.name, color: p.color || person.color });
    this.entries.set(p.client_id, {
      user_id: p.user_id, name: p.name, color: p.color,
      focus: p.focus ?? null, caret: p.caret, selection: p.selection, at: this.now(),
    });
  }

  render() {
    // Avatars.
    const items = [...this.people.entries()].map(([id, p]) => {
      const li = document.createElement('li');
      li.className = 'avatar' + (id === this.self ? ' me' : '');
      li.style.setProperty('--c', p.color || '#6b7280');
      li.textContent = initials(p.name);
      li.title = `${p.name}${id === this.self ? ' (you)' : ''}`;
      li.setAttribute('aria-label', li.title);
      return li;
    });
    this.avatarsEl.replaceChildren(...items);
    // Field markers and carets.
    for (const o of this.overlays) o.remove();
    this.overlays = [];
    for (const el of this.card.fields()) {
      el.parentElement?.classList.remove('has-others');
      el.parentElement?.style.removeProperty('--c');
    }
    for (const e of this.entries.values()) {
      if (!e.focus || e.user_id === this.self) continue;
      const el = this.card.fieldAt(e.focus);
      if (!el || !el.parentElement) continue;
      const wrap = el.parentElement;
      wrap.classList.add('has-others');
      wrap.style.setProperty('--c', e.color || '#6b7280');
      const tag = document.createElement('span');
      tag.className = 'presence-tag';
      tag.style.setProperty('--c', e.color || '#6b7280');
      tag.textContent = e.name;
      wrap.append(tag);
      this.overlays.push(tag);
      const caret = e.selection ? e.selection[1] : e.caret;
      if (typeof caret === 'number' && typeof el.value === 'string') {
        const mark = caretMark(el, Math.min(caret, el.value.length), e.color);
        if (mark) {
          wrap.append(mark);
          this.overlays.push(mark);
        }
      }
    }
  }
}

/** A thin coloured bar at `offset` inside an input or textarea, measured with a mirror element. */
function caretMark(el, offset, color) {
  const style = getComputedStyle(el);
  const mirror = document.createElement('div');
  for (const prop of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderLeftWidth', 'borderRightWidth', 'borderBottomWidth', 'boxSizing', 'textTransform', 'wordSpacing', 'textIndent']) {
    mirror.style[prop] = style[prop];
  }
  mirror.style.position = 'absolute';
  mirror.style.visibility = 'hidden';
  mirror.style.whiteSpace = el.tagName === 'TEXTAREA' ? 'pre-wrap' : 'pre';
  mirror.style.overflowWrap = 'break-word';
  mirror.style.width = `${el.offsetWidth}px`;
  mirror.textContent = el.value.slice(0, offset);
  const marker = document.createElement('span');
  marker.textContent = '\u200b';
  mirror.append(marker);
  document.body.append(mirror);
  const left = marker.offsetLeft - el.scrollLeft;
  const top = marker.offsetTop - el.scrollTop;
  const height = marker.offsetHeight || parseFloat(style.lineHeight) || 16;
  mirror.remove();
  if (left < 0 || left > el.offsetWidth || top < 0 || top > el.offsetHeight) return null;
  const bar = document.createElement('span');
  bar.className = 'remote-caret';
  bar.style.setProperty('--c', color || '#6b7280');
  bar.style.left = `${el.offsetLeft + left}px`;
  bar.style.top = `${el.offsetTop + top}px`;
  bar.style.height = `${height}px`;
  return bar;
}
