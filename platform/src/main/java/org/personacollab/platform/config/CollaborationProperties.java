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
 * </pre>
 */
@Validated
@ConfigurationProperties("collaboration")
public record CollaborationProperties(
    @DefaultValue("false") boolean enabled,
    @Valid @NotNull @DefaultValue Server server,
    @NotNull @DefaultValue("last_write_wins") ConflictResolution conflictResolution,
    @Valid @NotNull @DefaultValue Session session,
    @Valid @NotNull @DefaultValue Streaming streaming) {

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
}
