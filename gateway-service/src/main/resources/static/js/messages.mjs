// messages.mjs: server errors in words a workshop participant understands.
//
// Every error the server sends carries a stable code (protocol ErrorCode); the page shows the
// sentence below for it and keeps the server's own message only where it says something the
// participant needs (what failed in a generation, which file was refused).

const WORDS = {
  forbidden: 'You can follow this workshop but not change it: ask the facilitator to make you an editor.',
  not_a_participant: 'You are no longer part of this workshop.',
  rate_limited: 'You are going faster than the workshop allows: your change goes through in a moment.',
  session_closed: 'This workshop has been closed.',
  session_not_found: 'This workshop does not exist (any more). Check the link.',
  session_full: 'This workshop is full: ask the facilitator to make room.',
  session_limit_reached: 'No new workshop can be started right now: the server has reached its limit.',
  invite_invalid: 'This share link is not valid. Ask the facilitator for a new one.',
  invite_expired: 'This share link has expired. Ask the facilitator for a new one.',
  invite_revoked: 'This share link was withdrawn. Ask the facilitator for a new one.',
  unauthorized: 'Please enter your name again to sign in.',
  token_expired: 'Your sign-in expired: reconnecting…',
  generation_in_progress: 'A persona is already being generated in this workshop: wait for it to finish, or cancel it.',
  document_too_large: 'The persona has grown too large for the workshop: remove something before adding more.',
  op_too_old: 'Your page fell too far behind: it will reload the persona.',
  invalid_op: 'That change did not fit the current persona (someone may have changed it at the same time) and was undone.',
  collaboration_disabled: 'Collaboration is switched off on this server.',
  unavailable: 'The server is busy or restarting: your change will be sent again shortly.',
  origin_not_allowed: 'This page is not allowed to connect to the server (origin not allowed).',
  frame_too_large: 'That change is too large to send at once.',
  history_trimmed: null, // the server's message says where the history starts
  version_not_found: 'That version does not exist yet.',
  validation_failed: null, // the server's message says what was wrong
  generation_failed: null,
};

/** A sentence for an error, an error frame ({code, message}) or an exception. */
export function friendly(e) {
  if (!e) return 'Something went wrong.';
  // Close reasons start with their code ("not_a_participant: you left …").
  const prefix = typeof e.message === 'string' ? /^([a-z_]+):\s*/.exec(e.message) : null;
  const prefixed = prefix && Object.hasOwn(WORDS, prefix[1]);
  const code = e.code ?? (prefixed ? prefix[1] : undefined);
  const words = code ? WORDS[code] : undefined;
  if (words) return words;
  const message = typeof e.message === 'string' ? (prefixed ? e.message.slice(prefix[0].length) : e.message) : String(e);
  if (code === 'generation_failed') return message.startsWith('The persona') ? message : `The persona could not be generated: ${message}`;
  if (e instanceof TypeError && /fetch/i.test(e.message)) return 'The server cannot be reached: check your connection.';
  return message || 'Something went wrong.';
}
