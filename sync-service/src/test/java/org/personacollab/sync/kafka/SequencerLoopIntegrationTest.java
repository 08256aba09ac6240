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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.JsonCodec;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.OpsRecord;
import tools.jackson.databind.JsonNode;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.SessionDocument;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sequencer against real Kafka and Redis: edits in, ops (and rejections) out, in order, once. */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SequencerLoopIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static KafkaProducer<String, byte[]> producer;
  private static KafkaConsumer<String, byte[]> consumer;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 3);
    registry.add("persona.sync.max-document-bytes", () -> 2048);
    registry.add("persona.sync.snapshot-every-ops", () -> 2);
    registry.add("persona.sync.checkpoint-interval", () -> "0s");
  }

  @Autowired DocumentStore store;
  @Autowired SequencerLoop loop;
  @Autowired org.personacollab.platform.kafka.KafkaSettings kafka;
  @Autowired org.personacollab.sync.domain.Sequencer sequencer;
  @Autowired org.personacollab.sync.config.SyncProperties properties;

  private static List<JsonNode> auditEvents(String sessionId) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<JsonNode> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(PREFIX + ".audit"));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key().equals(sessionId)) out.add(CODEC.readTree(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)));
        });
      }
    }
    return out;
  }

  private static List<SnapshotRecord> snapshotRecords() {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "snap-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<SnapshotRecord> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> snaps = new KafkaConsumer<>(c)) {
      snaps.subscribe(List.of(PREFIX + ".snapshots"));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        snaps.poll(Duration.ofMillis(200)).forEach(r -> out.add(CODEC.read(r.value(), SnapshotRecord.class)));
      }
    }
    return out;
  }

  @BeforeAll
  static void clients() {
    Infra infra = Infra.get();
    infra.createTopics(Map.of(PREFIX + ".edits", 3, PREFIX + ".ops", 3));
    // persona.snapshots is created (compacted) by the service itself.
    producer = Infra.get().producer();
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(PREFIX + ".ops"));
  }

  @AfterAll
  static void close() {
    producer.close();
    consumer.close();
  }

  private static void send(String session, String src, long seq, List<Object> path, String value) {
    var edit = EditRecord.edit(session, src, seq, "alice", 1, path, CODEC.readTree(value));
    producer.send(new ProducerRecord<>(PREFIX + ".edits", session, CODEC.writeBytes(edit)));
  }

  private static List<OpsRecord> awaitOps(int count) {
    List<OpsRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(CODEC.read(r.value(), OpsRecord.class)));
    }
    assertThat(out).as("ops received").hasSizeGreaterThanOrEqualTo(count);
    return out;
  }

  @Test
  void edits_sequencedInOrder_rejectionsTyped_duplicatesDropped_readModelSaved() {
    String s1 = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    String s2 = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    send(s1, "c1", 1, List.of("name"), "\"Sarah\"");
    send(s2, "c9", 1, List.of("name"), "\"Other\"");
    send(s1, "c2", 1, List.of("demographics", "age"), "34");
    send(s1, "c1", 1, List.of("name"), "\"Replay\""); // c1's last change sent again: acked, not applied
    send(s1, "c1", 2, List.of("name", "first"), "\"S\""); // walks through a string: rejected
    send(s1, "c1", 3, List.of("quotes"), "\"" + "x".repeat(3000) + "\""); // too large: rejected
    send(s1, "c2", 2, List.of("goals"), "[\"plan\"]");
    producer.flush();

    List<OpsRecord> ops = awaitOps(7);
    List<OpsRecord> ofS1 = ops.stream().filter(r -> r.sessionId().equals(s1)).toList();
    assertThat(ofS1).hasSize(6);
    assertThat(ofS1.get(0)).isInstanceOfSatisfying(OpsRecord.Sequenced.class, r -> {
      assertThat(r.v()).isZero();
      assertThat(r.src()).isEqualTo("c1");
    });
    assertThat(ofS1.get(1)).isInstanceOfSatisfying(OpsRecord.Sequenced.class, r -> assertThat(r.v()).isEqualTo(1));
    // c1's change 1 sent again: acknowledged with the version it became, not applied twice.
    assertThat(ofS1.get(2)).isInstanceOfSatisfying(OpsRecord.Duplicate.class, r -> {
      assertThat(r.seq()).isEqualTo(1);
      assertThat(r.v()).isZero();
    });
    assertThat(ofS1.get(3)).isInstanceOfSatisfying(OpsRecord.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("invalid_op");
      assertThat(r.seq()).isEqualTo(2);
    });
    assertThat(ofS1.get(4)).isInstanceOfSatisfying(OpsRecord.Rejected.class, r -> assertThat(r.code()).isEqualTo("document_too_large"));
    assertThat(ofS1.get(5)).isInstanceOfSatisfying(OpsRecord.Sequenced.class, r -> assertThat(r.v()).isEqualTo(2));
    assertThat(ops.stream().filter(r -> r.sessionId().equals(s2)).toList())
        .singleElement()
        .isInstanceOfSatisfying(OpsRecord.Sequenced.class, r -> assertThat(r.v()).isZero());

    // The read model catches up with the log.
    SessionDocument saved = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      saved = store.load(s1).block();
      if (saved != null && saved.version() == 3) break;
    }
    assertThat(saved).isNotNull();
    assertThat(saved.version()).isEqualTo(3);
    assertThat(JsonCodec.canonical(saved.snapshot()))
        .isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"name\":\"Sarah\",\"demographics\":{\"age\":34},\"goals\":[\"plan\"]}")));

    // An event of another service, alone in its batch: it moves s1's audit chain but not its
    // version, and the checkpoint written with it (interval 0 s) passes it, so s1's snapshot must
    // be rewritten for the chain head to survive the takeover below.
    producer.send(new ProducerRecord<>(PREFIX + ".edits", s1, CODEC.writeBytes(EditRecord.event(s1, "agent:session-service", "alice", 2,
        CODEC.readTree("{\"type\":\"participant.joined\",\"data\":{\"user_id\":\"bob\",\"role\":\"editor\"}}")))));
    producer.flush();
    assertThat(auditEvents(s1)).as("s1's audit events before the takeover").hasSize(4);

    // A new sequencer (empty cache, new instance id) takes over: it rebuilds the sessions from the
    // snapshots and ops in Kafka before it sequences anything, so versions and client marks continue.
    loop.stop();
    SequencerLoop successor = new SequencerLoop(kafka, CODEC, sequencer, store, java.time.Clock.systemUTC(), properties, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    successor.start();
    try {
      send(s1, "c2", 2, List.of("goals"), "[\"plan\"]"); // c2's last change before: a duplicate
      send(s1, "c2", 3, List.of("title"), "\"After takeover\"");
      send(s1, "c1", 4, List.of("x"), "1"); // c1's last change was 3 (refused): 4 is next
      producer.flush();
      List<OpsRecord> after = awaitOps(3).stream().filter(r -> r.sessionId().equals(s1)).toList();
      assertThat(after.get(0)).isInstanceOfSatisfying(OpsRecord.Duplicate.class, r -> assertThat(r.v()).isEqualTo(2));
      assertThat(after.get(1)).isInstanceOfSatisfying(OpsRecord.Sequenced.class, r -> assertThat(r.v()).isEqualTo(3));
      assertThat(after.get(2)).isInstanceOfSatisfying(OpsRecord.Sequenced.class, r -> assertThat(r.v()).isEqualTo(4));
    } finally {
      successor.stop();
    }
    // The audit log: one event per sequenced op (v 0..4), the participant event between them,
    // chained without a break across the takeover.
    List<JsonNode> audit = auditEvents(s1);
    assertThat(AuditChain.verify(audit)).as("chain break").isNull();
    assertThat(audit).extracting(e -> e.path("type").asString())
        .containsExactly("org.personacollab.op.sequenced", "org.personacollab.op.sequenced", "org.personacollab.op.sequenced",
            "org.personacollab.participant.joined", "org.personacollab.op.sequenced", "org.personacollab.op.sequenced");
    assertThat(audit.stream().filter(e -> e.path("type").asString().endsWith("op.sequenced")).map(e -> e.path("data").path("v").asLong()))
        .containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(audit.get(3).path("data").path("actor").asString()).isEqualTo("alice");
    assertThat(audit.get(3).path("data").path("user_id").asString()).isEqualTo("bob");

    assertThat(snapshotRecords()).anySatisfy(r -> assertThat(r).isInstanceOf(SnapshotRecord.Checkpoint.class))
        .anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(SnapshotRecord.Snapshot.class, snap -> assertThat(snap.sessionId()).isEqualTo(s1)));
  }
}
