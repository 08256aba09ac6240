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
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.Sequencer;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Votes and turns against real Kafka and Redis: several participants vote, every one of them
 * (each its own reader of {@code persona.ops}, folding the ops into its own copy of the document)
 * sees the same tallies in the same order, the facilitator closes and everyone has the winner; in
 * turn-based editing an off-turn edit is nacked {@code not_your_turn} and changes nothing; and a
 * new sequencer that takes over (rebuilt from snapshot and ops) continues the same workshop.
 */
@WithInfra
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"collaboration.workshop.voting.quorum=2", "collaboration.workshop.voting.tie=earliest"})
class WorkshopIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static KafkaProducer<String, byte[]> producer;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 2);
    registry.add("persona.sync.snapshot-every-ops", () -> 3);
    registry.add("persona.sync.checkpoint-interval", () -> "0s");
  }

  @Autowired DocumentStore store;
  @Autowired SequencerLoop loop;
  @Autowired org.personacollab.platform.kafka.KafkaSettings kafka;
  @Autowired Sequencer sequencer;
  @Autowired org.personacollab.sync.config.SyncProperties properties;

  /** One participant's view: its own reader of the ops topic and its own copy of the document. */
  private static final class Client implements AutoCloseable {
    final KafkaConsumer<String, byte[]> consumer;
    final String session;
    Object doc = JsonCodec.parse("{}");
    long version;
    final List<String> tallies = new ArrayList<>();
    final List<OpsRecord.Rejected> nacks = new ArrayList<>();

    Client(String session) {
      this.session = session;
      Properties c = new Properties();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "client-" + UUID.randomUUID());
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer = new KafkaConsumer<>(c);
      consumer.subscribe(List.of(PREFIX + ".ops"));
    }

    /** Reads until the document is at {@code target} (every op applied in order, as a client does). */
    void catchUp(long target) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (version < target && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (!r.key().equals(session)) return;
          OpsRecord record = CODEC.read(r.value(), OpsRecord.class);
          if (record instanceof OpsRecord.Sequenced s) {
            assertThat(s.v()).as("ops arrive gap-free and in order").isEqualTo(version);
            doc = Json0.apply(doc, Sequencer.opOf(s));
            version++;
            JsonNode tally = workshop().path("votes").path("v1").path("tally");
            if (!tally.isMissingNode()) tallies.add(tally.toString());
          } else if (record instanceof OpsRecord.Rejected n) {
            nacks.add(n);
          }
        });
      }
      assertThat(version).as("version reached").isEqualTo(target);
    }

    JsonNode json() {
      return CODEC.readTree(JsonCodec.write(doc));
    }

    JsonNode workshop() {
      return json().path("_workshop");
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  @BeforeAll
  static void clients() {
    Infra.get().createTopics(Map.of(PREFIX + ".edits", 2, PREFIX + ".ops", 2));
    producer = Infra.get().producer();
  }

  @AfterAll
  static void close() {
    producer.close();
  }

  private static void send(EditRecord record) {
    producer.send(new ProducerRecord<>(PREFIX + ".edits", record.sessionId(), CODEC.writeBytes(record)));
  }

  /** A workshop command as the gateway queues it. */
  private static EditRecord command(String session, String user, long seq, String role, String action, String dataJson) {
    ObjectNode data = (ObjectNode) CODEC.readTree(dataJson);
    data.put("role", role);
    ObjectNode event = CODEC.mapper().createObjectNode();
    event.put("type", "workshop." + action);
    event.set("data", data);
    return new EditRecord(session, "c-" + user, seq, user, System.currentTimeMillis(), null, null, null, null, event);
  }

  private static EditRecord edit(String session, String user, long seq, List<Object> path, String value) {
    return EditRecord.edit(session, "c-" + user, seq, user, System.currentTimeMillis(), path, CODEC.readTree(value));
  }

  @Test
  void votesTalliedAlikeForEveryone_winnerApplied_turnsRefuseOffTurnEdits_andAllSurvivesATakeover() {
    String s = "ws-" + UUID.randomUUID().toString().substring(0, 8);
    try (Client alice = new Client(s); Client bob = new Client(s); Client carol = new Client(s)) {
      // v0: the persona; v1, v2: two proposals for the age; v3..v6: four votes (bob changes his).
      send(edit(s, "fay", 1, List.of(), "{\"name\":\"Sarah\",\"demographics\":{\"age\":30}}"));
      send(command(s, "alice", 1, "editor", "propose", "{\"path\":\"demographics.age\",\"value\":34}"));
      send(command(s, "bob", 1, "editor", "propose", "{\"path\":\"demographics.age\",\"value\":41}"));
      send(command(s, "alice", 2, "editor", "vote", "{\"proposal\":\"p2\"}"));
      send(command(s, "bob", 2, "editor", "vote", "{\"proposal\":\"p3\"}"));
      send(command(s, "carol", 1, "editor", "vote", "{\"proposal\":\"p3\"}"));
      send(command(s, "bob", 3, "editor", "vote", "{\"proposal\":\"p2\"}"));
      // Refused, nothing changed: a viewer's vote, an unknown proposal, an editor closing.
      send(command(s, "vic", 1, "viewer", "vote", "{\"proposal\":\"p2\"}"));
      send(command(s, "carol", 2, "editor", "vote", "{\"proposal\":\"p9\"}"));
      send(command(s, "alice", 3, "editor", "close_vote", "{\"vote\":\"v1\"}"));
      // v7: the facilitator closes: p2 (alice and bob) beats p3 (carol).
      send(command(s, "fay", 2, "facilitator", "close_vote", "{\"vote\":\"v1\"}"));
      producer.flush();

      for (Client c : List.of(alice, bob, carol)) c.catchUp(8);
      // Every participant saw the same tallies, in the same order, and has the same document.
      assertThat(bob.tallies).isEqualTo(alice.tallies);
      assertThat(carol.tallies).isEqualTo(alice.tallies);
      assertThat(alice.tallies).containsSubsequence(
          "{\"p2\":0,\"p3\":0}", "{\"p2\":1,\"p3\":0}", "{\"p2\":1,\"p3\":1}", "{\"p2\":1,\"p3\":2}", "{\"p2\":2,\"p3\":1}");
      assertThat(JsonCodec.canonical(bob.doc)).isEqualTo(JsonCodec.canonical(alice.doc));
      assertThat(JsonCodec.canonical(carol.doc)).isEqualTo(JsonCodec.canonical(alice.doc));
      assertThat(alice.json().path("demographics").path("age").asInt()).isEqualTo(34);
      JsonNode result = alice.workshop().path("votes").path("v1").path("result");
      assertThat(result.path("winner").asString()).isEqualTo("p2");
      assertThat(result.path("closed_by").asString()).isEqualTo("fay");
      assertThat(alice.nacks).extracting(OpsRecord.Rejected::code).containsExactly("forbidden", "proposal_not_found", "forbidden");

      // Turn-based editing: alice holds the floor; bob's edit is refused and changes nothing.
      send(command(s, "fay", 3, "facilitator", "turns", "{\"on\":true,\"order\":[\"alice\",\"bob\"]}")); // v8
      send(edit(s, "bob", 4, List.of("name"), "\"Bea\""));
      send(edit(s, "alice", 4, List.of("name"), "\"Ada\"")); // v9
      producer.flush();
      for (Client c : List.of(alice, bob, carol)) c.catchUp(10);
      assertThat(alice.nacks).last().satisfies(n -> {
        assertThat(n.code()).isEqualTo("not_your_turn");
        assertThat(n.src()).isEqualTo("c-bob");
      });
      assertThat(bob.json().path("name").asString()).isEqualTo("Ada");

      // The read model has it too (gateways welcome joiners from it).
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      var saved = store.load(s).block();
      while ((saved == null || saved.version() < 10) && System.nanoTime() < deadline) saved = store.load(s).block();
      assertThat(JsonCodec.canonical(saved.snapshot())).isEqualTo(JsonCodec.canonical(alice.doc));

      // A new sequencer takes over, rebuilt from snapshot and ops: the floor is still alice's,
      // the closed vote still closed.
      loop.stop();
      SequencerLoop successor = new SequencerLoop(kafka, CODEC, sequencer, store, java.time.Clock.systemUTC(), properties,
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      successor.start();
      try {
        send(edit(s, "bob", 5, List.of("name"), "\"Bea\"")); // still not bob's turn
        send(command(s, "carol", 3, "editor", "vote", "{\"proposal\":\"p3\"}")); // vote_closed
        send(command(s, "alice", 5, "editor", "floor", "{\"action\":\"pass\"}")); // v10
        send(edit(s, "bob", 6, List.of("name"), "\"Bea\"")); // v11: now it is
        producer.flush();
        for (Client c : List.of(alice, bob, carol)) c.catchUp(12);
      } finally {
        successor.stop();
      }
      assertThat(alice.nacks).extracting(OpsRecord.Rejected::code).endsWith("not_your_turn", "not_your_turn", "vote_closed");
      assertThat(carol.json().path("name").asString()).isEqualTo("Bea");
      assertThat(carol.workshop().path("turns").path("holder").asString()).isEqualTo("bob");
      assertThat(JsonCodec.canonical(bob.doc)).isEqualTo(JsonCodec.canonical(alice.doc));
      assertThat(JsonCodec.canonical(carol.doc)).isEqualTo(JsonCodec.canonical(alice.doc));
    }
    // Audited: one op.sequenced per version, the workshop ones naming their command, chained.
    List<JsonNode> audit = auditEvents(s);
    assertThat(AuditChain.verify(audit)).as("chain break").isNull();
    assertThat(audit).hasSize(12);
    assertThat(audit).extracting(e -> e.path("data").path("workshop").asString(""))
        .containsExactly("", "workshop.propose", "workshop.propose", "workshop.vote", "workshop.vote", "workshop.vote", "workshop.vote",
            "workshop.close_vote", "workshop.turns", "", "workshop.floor", "");
    assertThat(audit.get(7).path("data").path("actor").asString()).isEqualTo("fay");
  }

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
}
