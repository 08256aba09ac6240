package org.personacollab.session.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sessions/{id}/invites}: {@code {"role": "editor", "expires_in": "PT24H"}}.
 *
 * @param role {@code editor} or {@code viewer}; {@code editor} when absent
 * @param expiresIn an ISO-8601 duration; {@code PT24H} when absent
 */
public record InviteRequest(@Nullable String role, @JsonProperty("expires_in") @Nullable String expiresIn) {}
