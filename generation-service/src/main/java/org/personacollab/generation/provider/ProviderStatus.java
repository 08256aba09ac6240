package org.personacollab.generation.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code GET /api/generation/providers} and {@code persona check}.
 *
 * @param name the provider's configuration name
 * @param configured whether it has what it needs (a key or a base URL)
 * @param reachable whether its API answered the probe; null when it was not probed (not
 *     configured)
 * @param detail why it is not reachable or not configured, or null
 * @param baseUrl where its API is
 * @param model the model used unless a request names another
 * @param isDefault whether requests without a provider use it
 */
public record ProviderStatus(
    String name,
    boolean configured,
    @Nullable Boolean reachable,
    @Nullable String detail,
    @JsonProperty("base_url") @Nullable String baseUrl,
    String model,
    @JsonProperty("default") boolean isDefault) {}
