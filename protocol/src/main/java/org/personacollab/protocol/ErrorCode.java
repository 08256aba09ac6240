package org.personacollab.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stable machine-readable error codes. The {@link #code()} string is the contract: clients switch
 * on it, and it never changes once published. The {@link #message()} is for humans and may be
 * refined. Each code maps to one HTTP status for the REST edge ({@code application/problem+json})
 * and is sent as {@code {"type":"error","code":...}} or as a {@code nack} on the socket; the
 * {@link #retryable()} ones come with {@code retryAfter}.
 */
public enum ErrorCode {
  /** The frame or body is not valid JSON. */
  INVALID_JSON("invalid_json", 400, "The message is not valid JSON."),
  /** The frame is a JSON object but has no {@code type}, or one this server does not know. */
  UNKNOWN_TYPE("unknown_type", 400, "The message has no known \"type\"."),
  /** A known frame with missing fields or fields of the wrong JSON type. */
  INVALID_FRAME("invalid_frame", 400, "The message has missing fields or fields of the wrong type."),
  /** A {@code hello} asking for a protocol version this server does not speak. */
  UNSUPPORTED_PROTOCOL("unsupported_protocol", 400, "This server does not speak that protocol version."),
  /** A frame larger than the configured limit; the socket is closed with 1009. */
  FRAME_TOO_LARGE("frame_too_large", 413, "The message is larger than the server accepts."),
  /** A REST request body that fails validation. */
  VALIDATION_FAILED("validation_failed", 400, "The request is not valid."),
  /** No session with that id exists. */
  SESSION_NOT_FOUND("session_not_found", 404, "There is no session with that id."),
  /** Creating one more session would exceed {@code collaboration.server.max_sessions}. */
  SESSION_LIMIT_REACHED("session_limit_reached", 409, "The server already has as many active sessions as it allows."),
  /** A change whose {@code seq} skips numbers; nothing was changed. The message names the seq expected. */
  SEQ_GAP("seq_gap", 409, "The change's sequence number skips one; send the missing changes first."),
  /** A change numbered below the last one sequenced for its client: numbers are never reused. */
  STALE_SEQ("stale_seq", 409, "This change number was already used by this client; changes are numbered 1, 2, 3, … and never reused."),
  /** Too many frames too fast; {@code retryAfter} says when to send again. */
  RATE_LIMITED("rate_limited", 429, "Too many messages; slow down."),
  /** An op based on a version the server has not reached. Nothing was changed. */
  INVALID_VERSION("invalid_version", 400, "The change is based on a version the server does not have yet."),
  /**
   * An op based on a version older than the server keeps ops for; the client must reload the
   * document and make the change again.
   */
  OP_TOO_OLD("op_too_old", 409, "The change is based on a version too old to merge; reload and try again."),
  /** No valid token (missing, malformed, bad signature, unknown issuer). */
  UNAUTHORIZED("unauthorized", 401, "Sign in first: the request has no valid token."),
  /** The token has expired; get a new one and try again. */
  TOKEN_EXPIRED("token_expired", 401, "Your sign-in has expired; sign in again."),
  /** The user is not a participant of the session (or was removed). */
  NOT_A_PARTICIPANT("not_a_participant", 403, "You are not a participant of this session."),
  /** An invite that is malformed or was not signed by this server. */
  INVITE_INVALID("invite_invalid", 403, "This invite link is not valid."),
  /** An invite past its expiry. */
  INVITE_EXPIRED("invite_expired", 403, "This invite link has expired; ask the facilitator for a new one."),
  /** An invite the facilitator revoked. */
  INVITE_REVOKED("invite_revoked", 403, "This invite link was withdrawn."),
  /** The session already has {@code collaboration.server.max_participants_per_session} participants. */
  SESSION_FULL("session_full", 409, "The session is full."),
  /** The session was closed. */
  SESSION_CLOSED("session_closed", 410, "The session has been closed."),
  /** A WebSocket from a web page of another site (cross-site WebSocket hijacking). */
  ORIGIN_NOT_ALLOWED("origin_not_allowed", 403, "Connections from this site are not allowed."),
  /** The client may not do this (e.g. an op whose {@code src} is not its own client id). */
  FORBIDDEN("forbidden", 403, "You are not allowed to do that."),
  /** The document would grow beyond the configured size limit. Nothing was changed. */
  DOCUMENT_TOO_LARGE("document_too_large", 413, "The change would make the document larger than the server allows."),
  /** The collaboration feature flag ({@code collaboration.enabled}) is off. */
  COLLABORATION_DISABLED("collaboration_disabled", 503, "Collaboration is switched off on this server."),
  /** An edit or op that cannot be applied to the current document. Nothing was changed. */
  INVALID_OP("invalid_op", 422, "The change cannot be applied to the document."),
  /**
   * Offline mode: a CRDT update stamped further ahead of the server's clock than
   * {@code persona.sync.max-clock-drift}. Nothing was changed; fix the client's clock.
   */
  CLOCK_SKEW("clock_skew", 422, "The change is stamped too far in the future; check this device's clock."),
  /** Turn-based editing: the change touches a field the floor covers, and the sender does not hold the floor. */
  NOT_YOUR_TURN("not_your_turn", 409, "Another participant holds the floor for this field; wait for your turn."),
  /** The change touches a field another participant has locked. Nothing was changed. */
  FIELD_LOCKED("field_locked", 409, "Another participant has locked this field."),
  /** A vote, or a proposal, for a vote the facilitator has already closed. */
  VOTE_CLOSED("vote_closed", 409, "This vote is closed."),
  /** A proposal or vote id the session does not know. */
  PROPOSAL_NOT_FOUND("proposal_not_found", 404, "There is no such proposal or vote in this session."),
  /** Closing a tied vote under the tie rule {@code facilitator} without naming one of the tied proposals. */
  VOTE_TIED("vote_tied", 409, "The vote is tied; name one of the tied proposals as the winner."),
  /** One more open proposal would exceed {@code collaboration.workshop.voting.max_open_proposals}. */
  PROPOSAL_LIMIT_REACHED("proposal_limit_reached", 409, "The session has as many open proposals as it allows."),
  /** A second generation was requested while one is running in the same session. */
  GENERATION_IN_PROGRESS("generation_in_progress", 409, "A generation is already running in this session."),
  /** A generation id the session does not know (never started, or expired from the state kept). */
  GENERATION_NOT_FOUND("generation_not_found", 404, "There is no such generation in this session."),
  /** A request to cancel a generation that already completed, failed or was cancelled. */
  GENERATION_FINISHED("generation_finished", 409, "The generation has already finished."),
  /** A generation could not be completed. */
  GENERATION_FAILED("generation_failed", 502, "The persona could not be generated."),
  /** Research uploaded for a generation names more files than {@code persona.generation.max-files}. */
  RESEARCH_TOO_MANY_FILES("research_too_many_files", 413, "Too many research files in one request."),
  /** Research files together larger than {@code persona.generation.max-total-size}. */
  RESEARCH_TOO_LARGE("research_too_large", 413, "The research files are larger together than the server accepts."),
  /** One research file larger than {@code persona.generation.max-file-size}. */
  RESEARCH_FILE_TOO_LARGE("research_file_too_large", 413, "A research file is larger than the server accepts."),
  /** A version of a session's document beyond its current version (history, time travel). */
  VERSION_NOT_FOUND("version_not_found", 404, "The session has no such version yet."),
  /**
   * A version whose ops are no longer kept ({@code collaboration.session.persist_history: false}
   * trims them): the problem names the earliest version still available.
   */
  HISTORY_TRIMMED("history_trimmed", 410, "That version is no longer kept; the history starts later."),
  /** A downstream service or the broker is not reachable; try again later. */
  UNAVAILABLE("unavailable", 503, "The service is temporarily unavailable."),
  /** A route or resource that does not exist. */
  NOT_FOUND("not_found", 404, "Nothing exists at this address."),
  /** An unexpected server error; the server log has the details. */
  INTERNAL("internal", 500, "Something went wrong on the server.");

  private static final Map<String, ErrorCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

  private final String code;
  private final int httpStatus;
  private final String message;

  ErrorCode(String code, int httpStatus, String message) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.message = message;
  }

  /** The stable wire code, e.g. {@code "session_not_found"}. */
  public String code() {
    return code;
  }

  /** The HTTP status this code renders as at the REST edge. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A default human-readable message. */
  public String message() {
    return message;
  }

  /**
   * True for the codes where waiting and sending the same change again can succeed; a
   * {@code nack} with one of them carries {@code retryAfter}, the milliseconds to wait. Today:
   * {@code rate_limited} (429) and {@code unavailable} (503). Every other code describes the
   * request itself or the session's state, so the same request would fail again; those nacks have
   * no {@code retryAfter}. Listed in {@code docs/protocol.md} and in the AsyncAPI document
   * ({@code x-retry-after}); tests keep both in step with this method.
   */
  public boolean retryable() {
    return switch (this) {
      case RATE_LIMITED, UNAVAILABLE -> true;
      default -> false;
    };
  }

  /** Looks up a code by its wire string; empty for unknown strings. */
  public static Optional<ErrorCode> fromCode(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }
}
