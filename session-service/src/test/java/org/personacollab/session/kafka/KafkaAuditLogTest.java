package org.personacollab.session.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.session.domain.AuditEntry;

/** What each entry becomes on {@code persona.edits} (the producer is never started here). */
class KafkaAuditLogTest {
  private final WireCodec codec = new WireCodec();
  private final KafkaAuditLog log = new KafkaAuditLog(
      new KafkaSettings(new PersonaProperties.Kafka("localhost:1", "persona.", 1, (short) 1, true,
          java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(5))),
      codec);

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void event_becomesEventRecordOfTheAgent_withTypeAndData() {
    Instant at = Instant.parse("2025-11-26T12:00:12.345Z");
    var entry = new AuditEntry.Event("k3v9x2m7qa", "dev:bob", at, "participant.joined",
        Map.of("user_id", "dev:bob", "name", "Bob", "role", "editor", "via", "invite", "invite", "inv-7Qm2xK9d"));

    EditRecord record = log.toRecord(entry);

    assertThat(codec.write(record)).isEqualTo(
        "{\"session_id\":\"k3v9x2m7qa\",\"src\":\"agent:session-service\",\"seq\":0,\"user_id\":\"dev:bob\",\"ts\":1764158412345,"
            + "\"event\":{\"type\":\"participant.joined\",\"data\":{\"invite\":\"inv-7Qm2xK9d\",\"name\":\"Bob\",\"role\":\"editor\","
            + "\"user_id\":\"dev:bob\",\"via\":\"invite\"}}}");
  }

  @Test
  void initialDocument_becomesWholeDocumentEdit_seqOne() {
    var persona = codec.readTree("{\"name\":\"Sarah\",\"goals\":[\"a\"]}");

    EditRecord record = log.toRecord(new AuditEntry.InitialDocument("k3v9x2m7qa", "dev:alice", Instant.ofEpochMilli(42), persona));

    assertThat(record).isEqualTo(EditRecord.edit("k3v9x2m7qa", "agent:session-service", 1, "dev:alice", 42, List.of(), persona));
  }
}
