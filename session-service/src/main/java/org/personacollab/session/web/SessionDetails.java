package org.personacollab.session.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.session.domain.Participant;
import org.personacollab.session.domain.SessionService;
import org.personacollab.session.domain.SessionStatus;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/sessions/{id}}: the session and its active participants, first joined first.
 *
 * <pre>
 * {"id":"k3v9x2m7qa","name":"Workshop 2025-01-15","created_at":"2025-01-15T09:00:00Z","created_by":"dev:alice",
 *  "status":"active","participants":[{"user_id":"dev:alice","name":"alice","role":"facilitator",
 *  "joined_at":"2025-01-15T09:00:00Z","status":"active"}]}
 * </pre>
 */
public record SessionDetails(
    String id,
    String name,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("created_by") @Nullable String createdBy,
    SessionStatus status,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JsonNode settings,
    @JsonProperty("closed_at") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant closedAt,
    @JsonProperty("close_reason") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String closeReason,
    List<Participant> participants) {

  static SessionDetails of(SessionService.Details details) {
    var s = details.session();
    return new SessionDetails(
        s.id(), s.name(), s.createdAt(), s.createdBy(), s.status(), s.settings(), s.closedAt(), s.closeReason(), details.participants());
  }
}
