package org.personacollab.cli.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.kafka.AuditChain;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of checking a session's whole chain with {@link AuditChain#verify}: intact with its
 * head, or the first event that does not follow and why. A record that is not JSON at all breaks
 * the chain where it stands.
 *
 * @param session the session id
 * @param topic the topic read
 * @param events how many of the session's records were read
 * @param intactBefore how many events, from the first, are intact
 * @param head the last event's {@code sequence} and {@code hash}, when intact
 * @param broken the first event that does not follow, when not intact
 */
record Verification(
    String session, String topic, int events, int intactBefore, @Nullable Head head, @Nullable Broken broken) {

  /** The head of an intact chain: keep it elsewhere to detect a rewritten tail later. */
  record Head(long sequence, String hash) {}

  /** Where and why the chain breaks. */
  record Broken(long sequence, String id, String reason, int partition, long offset) {}

  /**
   * Checks {@code records} (the session's, in log order, at least one). Events after a record
   * that is not JSON are not looked at: the chain is broken there.
   */
  static Verification of(String session, String topic, List<AuditRecord> records) {
    int firstBad = 0;
    while (firstBad < records.size() && records.get(firstBad).event() != null) {
      firstBad++;
    }
    List<JsonNode> events = records.subList(0, firstBad).stream().map(AuditRecord::event).toList();
    AuditChain.Break found = AuditChain.verify(events);
    if (found != null) {
      int index = firstBreak(events);
      AuditRecord at = records.get(index);
      return new Verification(session, topic, records.size(), index, null,
          new Broken(found.sequence(), found.id(), found.reason(), at.partition(), at.offset()));
    }
    if (firstBad < records.size()) {
      AuditRecord bad = records.get(firstBad);
      return new Verification(session, topic, records.size(), firstBad, null,
          new Broken(firstBad + 1, "?", "the record is not a JSON object", bad.partition(), bad.offset()));
    }
    JsonNode last = events.get(events.size() - 1);
    return new Verification(session, topic, records.size(), records.size(),
        new Head(last.path("sequence").asLong(), last.path("hash").asString()), null);
  }

  boolean intact() {
    return broken == null;
  }

  /** The {@code --json} form. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("session", session);
    json.put("topic", topic);
    json.put("intact", intact());
    json.put("events", events);
    if (head != null) {
      json.put("head", Map.of("sequence", head.sequence(), "hash", head.hash()));
    }
    if (broken != null) {
      Map<String, Object> at = new LinkedHashMap<>();
      at.put("sequence", broken.sequence());
      at.put("id", broken.id());
      at.put("reason", broken.reason());
      at.put("partition", broken.partition());
      at.put("offset", broken.offset());
      json.put("intact_before", intactBefore);
      json.put("break", at);
    }
    return json;
  }

  /**
   * The index of the first event that breaks the chain. {@link AuditChain#verify} names the event
   * but not its position, and ids can repeat in a tampered log, so the position is found by the
   * shortest prefix that does not verify (a broken prefix stays broken when it grows).
   */
  private static int firstBreak(List<JsonNode> events) {
    int intact = 0; // events[0, intact) verifies
    int broken = events.size(); // events[0, broken) does not
    while (broken - intact > 1) {
      int mid = (intact + broken) >>> 1;
      if (AuditChain.verify(events.subList(0, mid)) == null) {
        intact = mid;
      } else {
        broken = mid;
      }
    }
    return broken - 1;
  }
}
