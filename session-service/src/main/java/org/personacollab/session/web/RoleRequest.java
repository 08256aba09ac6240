package org.personacollab.session.web;

import org.jspecify.annotations.Nullable;

/** Body of {@code PUT /api/sessions/{id}/participants/{userId}/role}: {@code {"role": "viewer"}}. */
public record RoleRequest(@Nullable String role) {}
