package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Locks one field for its holder: {@code {"type":"lock","path":"demographics"}}. Changes to it (or
 * inside it) from anyone else are refused {@code field_locked}. The facilitator may lock a field
 * for someone else ({@code "for":"bob"}).
 */
public record Lock(JsonNode path, @JsonProperty("for") @Nullable String forUser) implements ClientFrame {
  public Lock {
    WorkshopIds.requireField(path);
  }
}
