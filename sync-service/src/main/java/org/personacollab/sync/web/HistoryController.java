package org.personacollab.sync.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.Sequencer;
import org.personacollab.sync.history.ChangeSummary;
import org.personacollab.sync.history.DocumentDiff;
import org.personacollab.sync.history.HistoryReader;
import org.personacollab.sync.kafka.RestoreSubmitter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * A session's history ({@code docs/history.md}):
 *
 * <ul>
 *   <li>{@code GET /api/sessions/{id}/history?before=&limit=}: the versions, newest first, each with
 *       its author, client, time and a one-line summary;
 *   <li>{@code GET /api/sessions/{id}/versions/{v}}: the document at version {@code v};
 *   <li>{@code POST /api/sessions/{id}/restore {"version": v}}: a new change, sequenced like any
 *       other, that makes the document what it was at {@code v}.
 * </ul>
 *
 * The gateway checks the caller (an active participant of the session, with a session token) and
 * passes who they are in {@value #USER_ID}, {@value #USER_NAME} and {@value #ROLE}, which it sets
 * itself (a client's own are dropped); a restore without them is refused {@code unauthorized},
 * and a viewer's {@code forbidden}.
 */
@RestController
public class HistoryController {
  public static final String USER_ID = "X-Persona-User-Id";
  public static final String USER_NAME = "X-Persona-User-Name";
  public static final String ROLE = "X-Persona-Role";
  static final int MAX_LIMIT = 200;
  static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(15);
  /** The longest a restore request waits in all (reads, submit, outcome). */
  static final Duration RESTORE_DEADLINE = RESTORE_TIMEOUT.plusSeconds(10);

  /**
   * One version in the list: the document after the change that made it. No display name: the op
   * log holds user ids only (clients name people from the session's participants).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(
      long version,
      @JsonProperty("user_id") String userId,
      String client,
      String kind,
      long ts,
      String time,
      String summary,
      @JsonProperty("restored_version") @Nullable Long restoredVersion) {}

  /** A page of the history. */
  public record HistoryPage(
      @JsonProperty("session_id") String sessionId,
      long version,
      @JsonProperty("persist_history") boolean persistHistory,
      long earliest,
      List<Entry> versions,
      @JsonProperty("next_before") @Nullable Long nextBefore) {}

  /** The document at a version. */
  public record VersionDocument(
      @JsonProperty("session_id") String sessionId, long version, @JsonProperty("current_version") long currentVersion, @Nullable Object document) {}

  /** The body of a restore. */
  public record RestoreRequest(@Nullable Long version) {}

  /** A restore that was sequenced: it is the change that made {@code version}. */
  public record RestoreResult(
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("restored_version") long restoredVersion,
      long version,
      @JsonProperty("user_id") String userId,
      String summary,
      JsonNode op) {}

  private final DocumentStore store;
  private final HistoryReader reader;
  private final RestoreSubmitter submitter;
  private final WireCodec codec;
  private final Clock clock;

  public HistoryController(DocumentStore store, HistoryReader reader, RestoreSubmitter submitter, WireCodec codec, Clock clock) {
    this.store = store;
    this.reader = reader;
    this.submitter = submitter;
    this.codec = codec;
    this.clock = clock;
  }

  @GetMapping("/api/sessions/{sessionId}/history")
  public Mono<HistoryPage> history(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable Long before,
      @RequestParam(defaultValue = "50") int limit) {
    if (before != null && before < 0) return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "before: must be 0 or more"));
    if (limit < 1 || limit > MAX_LIMIT) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "limit: must be between 1 and " + MAX_LIMIT));
    }
    return reader.current(sessionId).flatMap(current -> {
      long below = before == null ? current.version() + 1 : Math.min(before, current.version() + 1);
      // Entry version = op v + 1: ops with v < below - 1.
      return Mono.zip(reader.earliest(sessionId, current.version()), store.opsBefore(sessionId, below - 1, limit).collectList())
          .map(t -> {
            List<Entry> entries = t.getT2().stream().map(HistoryController::entry).toList();
            long lastV = t.getT2().isEmpty() ? 0 : t.getT2().get(t.getT2().size() - 1).v();
            Long next = entries.size() == limit && lastV > t.getT1() ? Long.valueOf(lastV + 1) : null;
            return new HistoryPage(sessionId, current.version(), reader.persistHistory(), t.getT1(), entries, next);
          });
    });
  }

  private static Entry entry(OpsRecord.Sequenced op) {
    long restored = ChangeSummary.restoredVersion(op.src());
    return new Entry(
        op.v() + 1,
        op.userId(),
        op.src(),
        ChangeSummary.kind(op.src()),
        op.ts(),
        Instant.ofEpochMilli(op.ts()).toString(),
        ChangeSummary.summarise(op.src(), Sequencer.opOf(op)),
        restored >= 0 ? restored : null);
  }

  @GetMapping("/api/sessions/{sessionId}/versions/{version}")
  public Mono<VersionDocument> version(@PathVariable String sessionId, @PathVariable long version) {
    return reader.current(sessionId).flatMap(current ->
        reader.at(sessionId, version).map(doc -> new VersionDocument(sessionId, doc.version(), current.version(), doc.document())));
  }

  @PostMapping("/api/sessions/{sessionId}/restore")
  public Mono<RestoreResult> restore(
      @PathVariable String sessionId,
      @RequestBody(required = false) @Nullable Mono<RestoreRequest> body,
      @RequestHeader(name = USER_ID, required = false) @Nullable String userId,
      @RequestHeader(name = ROLE, required = false) @Nullable String role) {
    // The body is read before any refusal, so the connection is never left with an unread body.
    Mono<RestoreRequest> request = body == null ? Mono.empty() : body;
    return request
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(given -> {
          if (userId == null || userId.isBlank()) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, "Restoring needs a participant's session token, through the gateway."));
          }
          if (role == null || !(role.equals("editor") || role.equals("facilitator"))) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "Only editors and facilitators can restore a version."));
          }
          if (given.isEmpty() || given.get().version() == null || given.get().version() < 0) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "version: required, 0 or more"));
          }
          return restore(sessionId, given.get().version(), userId);
        });
  }

  /**
   * The version to restore, with the workshop state as it is now: a restore brings back the
   * persona, not old votes and turns, which only the sequencer changes (ADR 11); an op touching
   * them would be refused.
   */
  static @org.jspecify.annotations.Nullable Object withWorkshopOf(
      @org.jspecify.annotations.Nullable Object target, @org.jspecify.annotations.Nullable Object current) {
    if (!(target instanceof java.util.Map<?, ?> old)) return target;
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    old.forEach((k, v) -> {
      if (!org.personacollab.sync.domain.Workshop.KEY.equals(k)) out.put((String) k, v);
    });
    if (current instanceof java.util.Map<?, ?> now && now.containsKey(org.personacollab.sync.domain.Workshop.KEY)) {
      out.put(org.personacollab.sync.domain.Workshop.KEY, now.get(org.personacollab.sync.domain.Workshop.KEY));
    }
    return org.personacollab.ot.JsonCodec.freeze(out);
  }

  private Mono<RestoreResult> restore(String sessionId, long target, String userId) {
    // One read after the other (the version first: most refusals are decided by it), rather than
    // both at once with the other cancelled mid-command when one fails.
    return reader.at(sessionId, target)
        .flatMap(at -> reader.current(sessionId).map(now -> reactor.util.function.Tuples.of(now, at)))
        .flatMap(t -> {
          var current = t.getT1();
          var op = DocumentDiff.diff(current.document(), withWorkshopOf(t.getT2().document(), current.document()));
          var edit =
              EditRecord.op(
                  sessionId,
                  ChangeSummary.restoreSrc(target, UUID.randomUUID().toString()),
                  1,
                  userId,
                  clock.millis(),
                  current.version(),
                  codec.readTree(op.toString()));
          return Mono.fromCallable(() -> submitter.submit(edit, RESTORE_TIMEOUT)).subscribeOn(Schedulers.boundedElastic());
        })
        .flatMap(outcome -> {
          if (outcome instanceof OpsRecord.Sequenced s) {
            return Mono.just(new RestoreResult(sessionId, target, s.v() + 1, s.userId(), "restored version " + target, s.op()));
          }
          OpsRecord.Rejected r = (OpsRecord.Rejected) outcome;
          return Mono.error(new ApiException(ErrorCode.fromCode(r.code()).orElse(ErrorCode.INVALID_OP), r.message()));
        })
        // The reads before the submit are bounded by the Redis command timeout and the submit by
        // its own; this bounds the whole, whatever hangs.
        .timeout(RESTORE_DEADLINE, Mono.error(() -> new ApiException(ErrorCode.UNAVAILABLE,
            "The restore of session " + sessionId + " did not finish within " + RESTORE_DEADLINE.toSeconds()
                + " s; look at the history before trying again.")));
  }
}
