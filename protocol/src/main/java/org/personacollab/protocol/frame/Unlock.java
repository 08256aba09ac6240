package org.personacollab.protocol.frame;

import tools.jackson.databind.JsonNode;

/** Lifts a lock: {@code {"type":"unlock","path":"demographics"}}; its holder or the facilitator may. */
public record Unlock(JsonNode path) implements ClientFrame {
  public Unlock {
    WorkshopIds.requireField(path);
  }
}
