package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Stops a running generation: {@code {"type":"cancel_generation","generation_id":"gen-4f1c2a9b7d3e8f60"}},
 * or {@code {"type":"cancel_generation"}} for the one running in the session now. Who may: the
 * participant who started it, or a facilitator (others get {@code error forbidden}). Everybody then
 * receives {@code generation_cancelled}. A generation that already ended gets
 * {@code error generation_finished}; none at all, {@code error generation_not_found}.
 *
 * <p>Invalid: a {@code generation_id} that is empty, longer than 64 or not of
 * {@code [A-Za-z0-9_-]}.
 */
public record CancelGeneration(@JsonProperty("generation_id") @Nullable String generationId) implements ClientFrame {
  public CancelGeneration {
    if (generationId != null && !generationId.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("\"generation_id\" must be a generation's id, got \"" + generationId + "\"");
    }
  }
}
