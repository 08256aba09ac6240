package org.personacollab.cli.audit;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.SnapshotRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A session's audit chain made by the protocol module's own AuditChain, as records read from the topic. */
final class AuditEvents {
  static final WireCodec CODEC = new WireCodec();

  private AuditEvents() {}

  /** {@code n} events of session {@code s1}: a creation, then sequenced ops setting {@code age}. */
  static List<AuditRecord> chain(int n) {
    AuditChain chain = new AuditChain(CODEC);
    List<AuditRecord> records = new ArrayList<>();
    SnapshotRecord.AuditHead head = null;
    for (int i = 1; i <= n; i++) {
      AuditEvent event = i == 1
          ? chain.next(head, "s1", "session.created", 1_764_158_400_000L,
              CODEC.readTree("{\"name\":\"Workshop\",\"actor\":\"dev:alice\",\"src\":\"agent:session-service\"}"))
          : chain.next(head, "s1", "op.sequenced", 1_764_158_400_000L + i,
              CODEC.readTree("{\"v\":" + (i - 2) + ",\"src\":\"c1\",\"seq\":" + (i - 1) + ",\"user_id\":\"dev:bob\",\"actor\":\"dev:bob\","
                  + "\"op\":[{\"p\":[\"age\"],\"oi\":" + i + "}]}"));
      head = AuditChain.headOf(event);
      String json = CODEC.write(event);
      records.add(new AuditRecord(0, 100 + i, CODEC.readTree(json), json));
    }
    return records;
  }

  /** The record with its event changed by {@code change} (the hash left as it was). */
  static AuditRecord tampered(AuditRecord record, java.util.function.Consumer<ObjectNode> change) {
    ObjectNode event = (ObjectNode) record.event().deepCopy();
    change.accept(event);
    return new AuditRecord(record.partition(), record.offset(), event, event.toString());
  }

  static JsonNode event(AuditRecord record) {
    return record.event();
  }
}
