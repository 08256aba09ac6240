package org.personacollab.cli.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.personacollab.cli.Json;
import org.personacollab.cli.join.OpText;
import org.personacollab.ot.Op;
import org.personacollab.protocol.kafka.AuditEvent;
import tools.jackson.databind.JsonNode;

/**
 * One audit event as one line of text for {@code persona audit tail}:
 *
 * <pre>
 * #3 2025-11-26T12:00:15.007Z op.sequenced dev:alice: set demographics.age = 34 [b8cc0374]
 * #2 2025-11-26T12:00:12.345Z participant.joined dev:bob: user_id=dev:bob name=Bob role=editor [0de4bed3]
 * </pre>
 *
 * Sequence, time, type without {@code org.personacollab.}, the actor, what happened (the op in
 * words for a sequenced op; the {@code data} fields otherwise) and the first 8 digits of the hash.
 */
final class EventLine {
  private static final int MAX_FIELD = 60;

  private EventLine() {}

  static String of(JsonNode event) {
    String type = event.path("type").asString("?");
    if (type.startsWith(AuditEvent.TYPE_PREFIX)) {
      type = type.substring(AuditEvent.TYPE_PREFIX.length());
    }
    JsonNode data = event.path("data");
    String actor = data.path("actor").asString(data.path("user_id").asString("?"));
    String hash = event.path("hash").asString("");
    JsonNode sequence = event.path("sequence");
    return "#" + (sequence.isMissingNode() ? "?" : sequence.toString()) + " " + event.path("time").asString("?") + " " + type + " "
        + actor + ": " + what(event.path("type").asString(""), data)
        + (hash.length() >= 8 ? " [" + hash.substring(0, 8) + "]" : "");
  }

  private static String what(String type, JsonNode data) {
    if (AuditEvent.OP_SEQUENCED.equals(type) && data.has("op")) {
      try {
        return OpText.describe(Op.parse(data.get("op").toString()));
      } catch (RuntimeException e) {
        return "op " + Json.abbreviate(data.get("op").toString(), MAX_FIELD);
      }
    }
    List<String> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : data.properties()) {
      if (field.getKey().equals("actor") || field.getKey().equals("src")) {
        continue;
      }
      JsonNode value = field.getValue();
      fields.add(field.getKey() + "=" + Json.abbreviate(value.isString() ? value.asString() : value.toString(), MAX_FIELD));
    }
    return fields.isEmpty() ? "-" : String.join(" ", fields);
  }
}
