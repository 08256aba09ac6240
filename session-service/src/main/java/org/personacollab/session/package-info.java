/**
 * session-service: owns workshop sessions, their participants and roles, invites, the limits
 * ({@code max_sessions}, {@code max_participants_per_session}, the inactivity timeout) and
 * identity (ADR 7): it signs user, session and invite tokens with its own key, publishes the
 * JWKS, and accepts its own tokens and, optionally, an external OpenID Connect issuer's. State
 * lives in Redis; lifecycle events go to {@code persona.edits} for the audit log (ADR 8) and, for
 * gateways, to each session's Redis channel. The REST API ({@code /api/auth}, {@code /api/sessions})
 * is reached through the gateway and described in {@code docs/api/sessions.md} and at
 * {@code /v3/api-docs}.
 */
@NullMarked
package org.personacollab.session;

import org.jspecify.annotations.NullMarked;
