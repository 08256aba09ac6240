package org.personacollab.session.web;

import org.jspecify.annotations.Nullable;

/** Body of {@code POST /api/auth/token}: {@code {"name": "alice"}} (1–100 characters once trimmed). */
public record LoginRequest(@Nullable String name) {}
