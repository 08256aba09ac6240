package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The facilitator switches turn-based editing on or off:
 * {@code {"type":"turns","on":true,"order":["alice","bob"],"fields":["goals"],"turn_seconds":120}}.
 * {@code order} (user ids, the round) is required to switch it on; {@code holder} (default the
 * first of the order) gets the floor; {@code fields} (paths; default every field) are what the
 * floor covers; {@code turn_seconds} (optional) passes the floor on by itself, at most
 * {@code collaboration.workshop.turns.max_turn_seconds}. {@code {"type":"turns","on":false}} ends it.
 */
public record Turns(
    boolean on,
    @Nullable List<String> order,
    @Nullable String holder,
    @Nullable JsonNode fields,
    @JsonProperty("turn_seconds") @Nullable Integer turnSeconds)
    implements ClientFrame {
  public Turns {
    if (on && (order == null || order.isEmpty())) throw new IllegalArgumentException("\"order\" is required to switch turns on");
    if (order != null) {
      if (order.size() > 1000) throw new IllegalArgumentException("\"order\" lists at most 1000 participants");
      for (String user : order) {
        if (user == null || user.isBlank() || user.length() > 256) throw new IllegalArgumentException("\"order\" lists user ids");
      }
      order = List.copyOf(order);
    }
    if (fields != null && !fields.isNull() && !fields.isArray()) throw new IllegalArgumentException("\"fields\" must be a list of paths");
    if (turnSeconds != null && turnSeconds < 1) throw new IllegalArgumentException("\"turn_seconds\" must be at least 1");
  }
}
