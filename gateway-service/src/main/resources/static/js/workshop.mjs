// workshop.mjs: the workshop state (votes, floor, locks) as the page shows it.
//
// The state lives under the document's reserved key `_workshop` and only the server changes it
// (docs/workshop.md, ADR 9): it arrives with the welcome snapshot and as ordinary ops, so the page
// needs no frames of its own to follow it. These functions are pure: they read the state and say
// what to show; app.mjs renders and sends the frames.

export const KEY = '_workshop';

/** The workshop state of a document ({} when it has none). */
export function workshopOf(doc) {
  const state = doc && typeof doc === 'object' ? doc[KEY] : undefined;
  return state && typeof state === 'object' ? state : {};
}

/**
 * Who holds the floor at time `now` (ms): the recorded holder, moved along the order once per
 * full turn since `since` when turns are timed, exactly as the sequencer decides; null when
 * editing is free.
 */
export function holderAt(state, now) {
  const turns = state.turns;
  if (!turns) return null;
  if (!turns.turn_ms) return turns.holder;
  const k = now > turns.since ? Math.floor((now - turns.since) / turns.turn_ms) : 0;
  if (k === 0) return turns.holder;
  const order = turns.order;
  const at = order.indexOf(turns.holder);
  return order[(at < 0 ? k - 1 : at + k) % order.length];
}

/** Milliseconds left in the current turn at `now`, or null without a timer. */
export function turnLeft(state, now) {
  const turns = state.turns;
  if (!turns || !turns.turn_ms) return null;
  const elapsed = Math.max(0, now - turns.since);
  return turns.turn_ms - (elapsed % turns.turn_ms);
}

const overlaps = (a, b) => a.slice(0, Math.min(a.length, b.length)).every((seg, i) => String(seg) === String(b[i]));

/**
 * Whether `user` may change the field at `path` at `now`: {ok: true}, or {ok: false, code, by}
 * with the code the server would nack with (`not_your_turn`, `field_locked`).
 */
export function mayEdit(state, path, user, now) {
  const holder = holderAt(state, now);
  if (holder !== null && holder !== user) {
    const fields = state.turns.fields;
    if (!fields || fields.some((f) => overlaps(path, f))) return { ok: false, code: 'not_your_turn', by: holder };
  }
  for (const lock of state.locks || []) {
    if (lock.by !== user && overlaps(path, lock.path)) return { ok: false, code: 'field_locked', by: lock.by };
  }
  return { ok: true };
}

/** A field's path as people read it: `demographics.age`, or `the whole persona`. */
export function label(path) {
  return path && path.length ? path.join('.') : 'the whole persona';
}

const preview = (value) => {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value.name ? `${value.name}${value.title ? `, ${value.title}` : ''}` : JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/**
 * The votes to show, open ones first, newest first within each: id, what they are about, their
 * proposals with counts and which one `user` chose, and the result of closed ones.
 */
export function votesView(state, user) {
  const votes = Object.values(state.votes || {});
  const number = (id) => Number(String(id).slice(1));
  votes.sort((a, b) => (a.status === b.status ? number(b.id) - number(a.id) : a.status === 'open' ? -1 : 1));
  return votes.map((v) => ({
    id: v.id,
    about: label(v.path),
    open: v.status === 'open',
    total: Object.keys(v.ballots || {}).length,
    proposals: (v.proposals || []).map((p) => ({
      id: p.id,
      text: preview(p.value),
      by: p.by,
      count: (v.tally || {})[p.id] || 0,
      mine: (v.ballots || {})[user] === p.id,
      winner: Boolean(v.result && v.result.winner === p.id),
    })),
    result: v.result ? { winner: v.result.winner, reason: v.result.reason, votes: v.result.votes } : null,
  }));
}

/** One line on a closed vote's result. */
export function resultText(result) {
  if (!result) return '';
  switch (result.reason) {
    case 'most_votes': return `${result.winner} won with the most votes`;
    case 'tie_earliest': return `tie: ${result.winner}, proposed first, won`;
    case 'tie_facilitator': return `tie: the facilitator chose ${result.winner}`;
    case 'tie': return 'tie: no winner, nothing changed';
    case 'no_quorum': return `too few votes (${result.votes}): no winner, nothing changed`;
    default: return result.reason;
  }
}
