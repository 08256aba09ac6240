package org.personacollab.session.web;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sessions/{id}/join}: {@code {"invite": "<invite token>"}}; no body (or
 * no {@code invite}) to come back to a session one is, or was, a participant of.
 */
public record JoinRequest(@Nullable String invite) {}
