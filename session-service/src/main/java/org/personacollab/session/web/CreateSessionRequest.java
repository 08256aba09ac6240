package org.personacollab.session.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.personacollab.session.domain.Session;

/** Body of {@code POST /api/sessions}: {@code {"name":"Workshop 2025-01-15"}}. */
public record CreateSessionRequest(
    @NotBlank(message = "must not be blank") @Size(max = Session.MAX_NAME_LENGTH) @Nullable String name) {}
