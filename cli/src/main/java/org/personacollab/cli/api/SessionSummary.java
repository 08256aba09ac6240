package org.personacollab.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A session as the API shows it:
 * {@code {"id":"k3v9x2m7qa","name":"Workshop 2025-01-15","created_at":"2025-01-15T09:00:00Z",
 * "created_by":"dev:alice","status":"active"}}; a closed one also has {@code closed_at} and
 * {@code close_reason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionSummary(
    String id,
    String name,
    @JsonProperty("created_at") @Nullable String createdAt,
    @JsonProperty("created_by") @Nullable String createdBy,
    @Nullable String status,
    @JsonProperty("closed_at") @Nullable String closedAt,
    @JsonProperty("close_reason") @Nullable String closeReason) {}
