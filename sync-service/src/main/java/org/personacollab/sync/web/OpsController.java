package org.personacollab.sync.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.sync.domain.DocumentStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/sessions/{id}/ops?from=V&limit=L}: a session's sequenced ops from version
 * {@code from} on, in version order, at most {@code limit} (1–2000, default 500) per page.
 * {@code next} is the {@code from} of the next page, or null when the page reached the current
 * version. 400 {@code validation_failed} for bad paging; 410 {@code history_trimmed} (with
 * {@code earliest}) when ops from {@code from} on are no longer kept, rather than a page with a gap.
 */
@RestController
public class OpsController {
  static final int MAX_LIMIT = 2000;

  /** One page of ops. */
  public record OpsPage(
      @JsonProperty("session_id") String sessionId,
      long from,
      List<OpFrame> ops,
      @Nullable Long next,
      long version,
      @JsonProperty("persist_history") boolean persistHistory) {}

  private final DocumentStore store;
  private final CollaborationProperties collaboration;

  public OpsController(DocumentStore store, CollaborationProperties collaboration) {
    this.store = store;
    this.collaboration = collaboration;
  }

  @GetMapping("/api/sessions/{sessionId}/ops")
  public Mono<OpsPage> ops(
      @PathVariable String sessionId, @RequestParam(defaultValue = "0") long from, @RequestParam(defaultValue = "500") int limit) {
    if (from < 0) return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "from: must be 0 or more"));
    if (limit < 1 || limit > MAX_LIMIT) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "limit: must be between 1 and " + MAX_LIMIT));
    }
    return store
        .load(sessionId)
        .map(doc -> doc.version())
        .defaultIfEmpty(0L)
        .flatMap(
            version ->
                store.ops(sessionId, from, limit)
                    .map(op -> new OpFrame(op.v(), op.src(), op.seq(), op.op(), op.userId(), op.ts()))
                    .collectList()
                    .flatMap(
                        ops -> {
                          long first = ops.isEmpty() ? version : ops.get(0).v();
                          if (first > from && from < version) {
                            return Mono.error(new org.personacollab.sync.history.HistoryTrimmed(
                                sessionId, from, first, collaboration.session().persistHistory()));
                          }
                          long last = ops.isEmpty() ? from - 1 : ops.get(ops.size() - 1).v();
                          Long next = last + 1 < version ? last + 1 : null;
                          return Mono.just(new OpsPage(sessionId, from, ops, next, version, collaboration.session().persistHistory()));
                        }));
  }
}
