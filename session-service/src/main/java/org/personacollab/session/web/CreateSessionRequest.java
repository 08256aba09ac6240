package org.personacollab.session.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.personacollab.session.domain.Session;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/sessions}:
 *
 * <pre>
 * {"name": "Workshop 2025-01-15", "persona": {"name": "Sarah", "goals": []}, "settings": {"template": "b2b"}}
 * </pre>
 *
 * @param persona optional JSON object the session's document starts from (its first change)
 * @param settings optional JSON object kept with the session as given
 */
public record CreateSessionRequest(
    @NotBlank(message = "must not be blank") @Size(max = Session.MAX_NAME_LENGTH) @Nullable String name,
    @Nullable JsonNode persona,
    @Nullable JsonNode settings) {}
