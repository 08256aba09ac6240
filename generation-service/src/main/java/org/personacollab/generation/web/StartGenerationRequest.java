package org.personacollab.generation.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/sessions/{id}/generations}, all fields optional:
 * {@code {"count":1,"dataset":"transcripts","provider":"openai","model":"gpt-4o-mini"}}; who
 * asks comes from the session token. A multipart request carries the same fields (but {@code
 * dataset}) as form fields beside its files. An unknown provider, or one not configured on the
 * server, is 400 {@code validation_failed} naming the configured ones ({@code GET
 * /api/generation/providers}).
 */
public record StartGenerationRequest(
    @Min(1) @Max(5) @Nullable Integer count,
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a simple folder name") @Nullable String dataset,
    @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be a provider name such as openai") @Nullable String provider,
    @Pattern(regexp = "[A-Za-z0-9._:/@+-]{1,128}", message = "must be a model name") @Nullable String model) {

  /** Count and dataset only. */
  public StartGenerationRequest(@Nullable Integer count, @Nullable String dataset) {
    this(count, dataset, null, null);
  }
}
