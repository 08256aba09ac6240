package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Where another participant is (see {@link PresenceUpdate}), with who they are:
 * {@code {"type":"presence","user_id":"u-bob","client_id":"c…","name":"Bob","color":"#2f7ed8",
 * "focus":["name"],"caret":3,"v":12,"ts":…}}. {@code focus} null: the participant left the field.
 */
public record PresenceFrame(
    @JsonProperty("user_id") String userId,
    @JsonProperty("client_id") String clientId,
    String name,
    String color,
    @Nullable JsonNode focus,
    @Nullable Integer caret,
    @Nullable List<Integer> selection,
    long v,
    long ts)
    implements ServerFrame {
  public PresenceFrame {
    if (selection != null) selection = List.copyOf(selection);
  }
}
