package org.personacollab.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Snapshots every N ops or T seconds": a session whose last change came in a batch without a
 * checkpoint, and which then goes quiet, still gets its snapshot once the checkpoint interval has
 * passed, without another edit (the sequencer's idle checkpoint).
 */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IdleCheckpointIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static final Duration INTERVAL = Duration.ofSeconds(3);

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 1);
    registry.add("persona.sync.snapshot-every-ops", () -> 1000); // never by count here
    registry.add("persona.sync.checkpoint-interval", () -> INTERVAL.toSeconds() + "s");
  }

  @Test
  void quietSession_snapshottedAfterTheInterval_withoutAnotherEdit() throws Exception {
    Infra.get().createTopics(Map.of(PREFIX + ".edits", 1, PREFIX + ".ops", 1));
    String session = "idle-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> producer = Infra.get().producer(); KafkaConsumer<String, byte[]> ops = consumer(".ops")) {
      // Wait out the interval since the assignment, so that the first edit's batch checkpoints...
      Thread.sleep(INTERVAL.toMillis() + 500);
      send(producer, session, 1, "name", "\"Ada\"");
      awaitOps(ops, session, 1);
      // ...and the second, right after it, does not (the interval has not passed again).
      send(producer, session, 2, "title", "\"Lead\"");
      awaitOps(ops, session, 1);

      long deadline = System.nanoTime() + INTERVAL.multipliedBy(3).toNanos();
      long newest = -1;
      while (System.nanoTime() < deadline && newest < 2) {
        newest = newestSnapshotVersion(session);
        if (newest < 2) Thread.sleep(500);
      }
      assertThat(newest).as("version of %s's newest snapshot, with no edit since version 2", session).isEqualTo(2);
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String session, long seq, String field, String value) {
    var edit = EditRecord.edit(session, "c1", seq, "alice", 1, List.of(field), CODEC.readTree(value));
    producer.send(new ProducerRecord<>(PREFIX + ".edits", session, CODEC.writeBytes(edit)));
    producer.flush();
  }

  private static void awaitOps(KafkaConsumer<String, byte[]> ops, String session, int count) {
    List<OpsRecord> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (seen.size() < count && System.nanoTime() < deadline) {
      ops.poll(Duration.ofMillis(200)).forEach(r -> {
        OpsRecord record = CODEC.read(r.value(), OpsRecord.class);
        if (record.sessionId().equals(session)) seen.add(record);
      });
    }
    assertThat(seen).as("ops of %s", session).hasSize(count).allSatisfy(r -> assertThat(r).isInstanceOf(OpsRecord.Sequenced.class));
  }

  private static long newestSnapshotVersion(String session) {
    long newest = -1;
    try (KafkaConsumer<String, byte[]> snapshots = consumer(".snapshots")) {
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < deadline) {
        for (var r : snapshots.poll(Duration.ofMillis(200))) {
          if (CODEC.read(r.value(), SnapshotRecord.class) instanceof SnapshotRecord.Snapshot s && s.sessionId().equals(session)) {
            newest = Math.max(newest, s.v());
          }
        }
      }
    }
    return newest;
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "idle-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(PREFIX + topic));
    return consumer;
  }
}
