package org.personacollab.cli.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A new invite ({@code POST /api/sessions/{id}/invites}): its id, role, expiry, the token, and
 * the link to share, which opens the web page and joins ({@code <public-url>/?invite=<token>}).
 */
public record Invite(String jti, String role, @JsonProperty("expires_at") String expiresAt, String token, String link) {}
