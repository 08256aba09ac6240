package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;

/**
 * Hands the floor over in turn-based editing: the facilitator gives it
 * ({@code {"type":"floor","action":"give","to":"bob"}}), the holder passes it
 * ({@code {"type":"floor","action":"pass"}} to the next in the order, or {@code "to"} someone).
 *
 * <p>Invalid: an {@code action} other than {@code give} or {@code pass}; {@code give} without
 * {@code to}.
 */
public record Floor(String action, @Nullable String to) implements ClientFrame {
  public Floor {
    if (!"give".equals(action) && !"pass".equals(action)) throw new IllegalArgumentException("\"action\" must be give or pass");
    if ("give".equals(action) && (to == null || to.isBlank())) throw new IllegalArgumentException("\"to\" is required to give the floor");
  }
}
