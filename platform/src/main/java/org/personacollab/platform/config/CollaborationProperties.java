package org.personacollab.platform.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The seed's {@code collaboration:} block, bound verbatim (relaxed binding accepts
 * {@code max_sessions} as well as {@code max-sessions}) and validated: a bad value stops start-up
 * with a message naming the key, e.g. {@code collaboration.server.max_sessions: must be greater
 * than or equal to 1}. Defaults are the seed's.
 *
 * <pre>
 * collaboration:
 *   enabled: false
 *   server: {host: 0.0.0.0, port: 8080, max_sessions: 100, max_participants_per_session: 10}
 *   conflict_resolution: last_write_wins   # last_write_wins, ot, crdt
 *   session: {timeout_minutes: 60, persist_history: true}
 *   streaming: {enabled: true, chunk_size: 50}
 *   workshop:                               # ours, not the seed's (docs/workshop.md)
 *     voting: {quorum: 1, tie: no_winner, max_open_proposals: 50}
 *     turns: {max_turn_seconds: 3600}
 * </pre>
 */
@Validated
@ConfigurationProperties("collaboration")
public record CollaborationProperties(
    @DefaultValue("false") boolean enabled,
    @Valid @NotNull @DefaultValue Server server,
    @NotNull @DefaultValue("last_write_wins") ConflictResolution conflictResolution,
    @Valid @NotNull @DefaultValue Session session,
    @Valid @NotNull @DefaultValue Streaming streaming,
    @Valid @NotNull @DefaultValue Workshop workshop) {

  /** Where the gateway listens, and the capacity limits. */
  public record Server(
      @NotBlank @DefaultValue("0.0.0.0") String host,
      @Min(0) @Max(65535) @DefaultValue("8080") int port,
      @Min(1) @Max(1_000_000) @DefaultValue("100") int maxSessions,
      @Min(1) @Max(10_000) @DefaultValue("10") int maxParticipantsPerSession) {}

  /** How concurrent changes are merged. */
  public enum ConflictResolution {
    /** Field replace in arrival order, no text transform. */
    LAST_WRITE_WINS,
    /** json0 operational transformation. */
    OT,
    /** Per-field LWW registers and add-wins sets for offline clients. */
    CRDT
  }

  /** Session lifetime and history. */
  public record Session(
      @Min(1) @Max(525_600) @DefaultValue("60") int timeoutMinutes,
      @DefaultValue("true") boolean persistHistory) {}

  /** Live generation streaming. */
  public record Streaming(
      @DefaultValue("true") boolean enabled,
      @Min(1) @Max(100_000) @DefaultValue("50") int chunkSize) {}

  /** Voting and turn-taking in a workshop (docs/workshop.md, ADR 11). */
  public record Workshop(@Valid @NotNull @DefaultValue Voting voting, @Valid @NotNull @DefaultValue Turns turns) {}

  /**
   * How a vote is decided when the facilitator closes it.
   *
   * @param quorum the fewest votes a vote needs to have a winner; with fewer it closes without one
   * @param tie what a tie for the most votes gives: no winner, the facilitator's pick among the
   *     tied proposals, or the earliest of them
   * @param maxOpenProposals proposals open at once in one session (they live in the document)
   */
  public record Voting(
      @Min(1) @Max(10_000) @DefaultValue("1") int quorum,
      @NotNull @DefaultValue("no_winner") TieRule tie,
      @Min(1) @Max(1_000) @DefaultValue("50") int maxOpenProposals) {}

  /** What a tie for the most votes gives. */
  public enum TieRule {
    /** The vote closes without a winner; nothing is applied. */
    NO_WINNER,
    /** The facilitator names the winner among the tied proposals when closing (else {@code vote_tied}). */
    FACILITATOR,
    /** The tied proposal made first wins. */
    EARLIEST
  }

  /** Turn-based editing. @param maxTurnSeconds the longest turn timer a facilitator may set. */
  public record Turns(@Min(1) @Max(86_400) @DefaultValue("3600") int maxTurnSeconds) {}
}
