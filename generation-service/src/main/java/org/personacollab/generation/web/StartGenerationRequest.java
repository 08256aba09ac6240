package org.personacollab.generation.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sessions/{id}/generations}, all fields optional:
 * {@code {"count":1,"dataset":"transcripts"}}; who asks comes from the session token.
 */
public record StartGenerationRequest(
    @Min(1) @Max(5) @Nullable Integer count,
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a simple folder name") @Nullable String dataset) {}
