package org.personacollab.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;

/**
 * {@link OpsLogReader} against a real broker: it finds a session's ops however far back they lie
 * (windows that double from 2,000 records), among other sessions' records, nacks and records
 * that are not ops, and returns only what the log holds.
 */
@WithInfra
class OpsLogReaderIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static final OpsLogReader READER = new OpsLogReader(
      new KafkaSettings(new PersonaProperties.Kafka(Infra.get().kafkaBootstrapServers(), PREFIX + ".", 1, (short) 1, false,
          Duration.ofSeconds(10), Duration.ofMillis(5))),
      CODEC,
      Duration.ofSeconds(30));

  /** Ops 0–9 of "far", 5,000 records of others and a nack of "far", then op 10 of "far". */
  @BeforeAll
  static void log() {
    Infra.get().createTopics(Map.of(PREFIX + ".ops", 1));
    try (KafkaProducer<String, byte[]> producer = Infra.get().producer()) {
      for (int v = 0; v < 10; v++) send(producer, op("far", v));
      for (int i = 0; i < 5_000; i++) {
        send(producer, i % 2 == 0 ? op("other-" + (i % 7), i) : new OpsRecord.Duplicate("other", "c1", i, i));
      }
      send(producer, new OpsRecord.Rejected("far", "c1", 99, "invalid_op", "refused"));
      producer.send(new ProducerRecord<>(PREFIX + ".ops", 0, "far", "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      send(producer, op("far", 10));
      producer.flush();
    }
  }

  @Test
  void findsOpsFarBehindTheEnd_inVersionOrder() {
    assertThat(READER.read(0, "far", 2, 8)).extracting(OpsRecord.Sequenced::v).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(READER.read(0, "far", 10, 11)).extracting(OpsRecord.Sequenced::v).containsExactly(10L);
    assertThat(READER.read(0, "far", 0, 11)).extracting(OpsRecord.Sequenced::v)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void returnsWhatTheLogHolds_whenSomeVersionsAreNotInIt() {
    assertThat(READER.read(0, "far", 8, 15)).extracting(OpsRecord.Sequenced::v).containsExactly(8L, 9L, 10L);
    assertThat(READER.read(0, "nobody", 0, 3)).isEmpty();
  }

  private static void send(KafkaProducer<String, byte[]> producer, OpsRecord record) {
    producer.send(new ProducerRecord<>(PREFIX + ".ops", 0, record.sessionId(), CODEC.writeBytes(record)));
  }

  private static OpsRecord.Sequenced op(String session, long v) {
    return new OpsRecord.Sequenced(session, v, "c1", v + 1, CODEC.readTree("[{\"p\":[\"n\"],\"oi\":" + v + "}]"), "alice", 1);
  }
}
