package org.personacollab.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
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
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.ot.crdt.CrdtReplica;
import org.personacollab.ot.crdt.CrdtState;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Merge;
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

/**
 * Offline mode against real Kafka and Redis ({@code conflict_resolution: crdt}, ADR 12): alice
 * goes offline after version 1 and makes 300 changes (fields and list values, some of them to the
 * same fields as the others) while bob and carol keep editing (200 merges, far more than the 10
 * ops the server retains for transforming late ops). When alice reconnects she sends her changes,
 * cut into merges of at most 100 entries, made against a version hundreds of ops old: nothing is
 * refused, every replica (each its own reader of {@code persona.ops}, folding the ops from version
 * 0) ends with the same document as the read model, and that document is what merging every
 * update at once gives, so the order the sequencer happened to see them in did not matter.
 */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "collaboration.conflict_resolution=crdt")
class CrdtOfflineIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static KafkaProducer<String, byte[]> producer;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 2);
    registry.add("persona.sync.retained-ops", () -> 10);
    registry.add("persona.sync.snapshot-every-ops", () -> 50);
  }

  @Autowired DocumentStore store;

  /** A participant: a CRDT replica fed by its own reader of the ops topic. */
  private static final class Participant implements AutoCloseable {
    final String user;
    final String src;
    final String session;
    final KafkaConsumer<String, byte[]> consumer;
    final CrdtReplica replica;
    final List<OpsRecord.Rejected> nacks = new ArrayList<>();
    final Map<Long, CrdtState> inFlight = new HashMap<>();
    final List<CrdtState> everySent = new ArrayList<>();
    long seq;

    Participant(String session, String user) {
      this.session = session;
      this.user = user;
      this.src = "c-" + user;
      this.replica = new CrdtReplica(src, System::currentTimeMillis, JsonCodec.parse("{}"), 0);
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

    /** Sends what is pending, as a client does when it is (back) online. */
    void sendPending() {
      for (CrdtState update : replica.drain(Merge.MAX_CHANGES / 10)) {
        long n = ++seq;
        inFlight.put(n, update);
        everySent.add(update);
        send(EditRecord.merge(session, src, n, user, System.currentTimeMillis(), CODEC.readTree(update.toString())));
      }
    }

    /** Reads until the replica is at {@code target}; its own ops acknowledge what it sent. */
    void catchUp(long target) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (replica.version() < target && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (!r.key().equals(session)) return;
          OpsRecord record = CODEC.read(r.value(), OpsRecord.class);
          if (record instanceof OpsRecord.Sequenced s) {
            replica.onOp(s.v(), Sequencer.opOf(s));
            if (s.src().equals(src) && inFlight.containsKey(s.seq())) replica.acknowledged(inFlight.remove(s.seq()));
          } else if (record instanceof OpsRecord.Rejected n) {
            nacks.add(n);
          }
        });
      }
      assertThat(replica.version()).as("%s reached version", user).isEqualTo(target);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  @BeforeAll
  static void producer() {
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

  private static final List<List<String>> FIELDS = List.of(
      List.of("name"), List.of("title"), List.of("demographics", "age_range"), List.of("demographics", "occupation"));
  private static final List<List<String>> LISTS = List.of(List.of("goals"), List.of("pain_points"), List.of("quotes"));

  /** One random change: a field written, a value added, or one of the list's values removed. */
  private static void change(CrdtReplica replica, Random random, String who, int i) {
    int kind = random.nextInt(10);
    if (kind < 4) {
      replica.write(FIELDS.get(random.nextInt(FIELDS.size())), who + " " + i);
    } else if (kind < 8) {
      replica.add(LISTS.get(random.nextInt(LISTS.size())), who + " item " + i);
    } else {
      List<String> list = LISTS.get(random.nextInt(LISTS.size()));
      Object current = CrdtDocument.withoutState(replica.view()) instanceof Map<?, ?> m ? m.get(list.get(0)) : null;
      if (current instanceof List<?> values && !values.isEmpty()) replica.remove(list, values.get(random.nextInt(values.size())));
    }
  }

  @Test
  void aClientOfflineForHundredsOfChanges_mergesOnReconnect_andEveryoneConverges() {
    String s = "crdt-" + UUID.randomUUID().toString().substring(0, 8);
    Random random = new Random(42);
    try (Participant alice = new Participant(s, "alice"); Participant bob = new Participant(s, "bob"); Participant carol = new Participant(s, "carol")) {
      // v0: the generated persona (a whole-document edit, as generation-service sends it).
      String persona = "{\"name\":\"Sarah\",\"demographics\":{\"age_range\":\"30-39\"},\"goals\":[\"a\",\"b\"],\"quotes\":[\"q\"]}";
      send(EditRecord.edit(s, "agent:generation:g1", 1, "fay", System.currentTimeMillis(), List.of(), CODEC.readTree(persona)));
      // v1: alice's first change, online.
      alice.replica.add(List.of("goals"), "alice online");
      alice.sendPending();
      producer.flush();
      alice.catchUp(2);
      assertThat(alice.replica.pending().isEmpty()).isTrue();

      // alice goes offline: 300 changes, queued and stamped locally.
      for (int i = 0; i < 300; i++) change(alice.replica, random, "alice", i);
      int aliceEntries = alice.replica.pending().size();

      // Meanwhile bob and carol keep editing online: 100 merges each.
      bob.catchUp(2);
      carol.catchUp(2);
      for (int i = 0; i < 100; i++) {
        change(bob.replica, random, "bob", i);
        bob.sendPending();
        change(carol.replica, random, "carol", i);
        carol.sendPending();
      }
      producer.flush();
      long before = 2 + bob.seq + carol.seq;
      bob.catchUp(before);
      assertThat(before).as("versions alice missed").isGreaterThan(150);

      // alice reconnects and sends her changes, made against version 2.
      alice.sendPending();
      producer.flush();
      long end = before + alice.seq - 1;
      for (Participant p : List.of(alice, bob, carol)) p.catchUp(end);

      System.out.printf("crdt offline: alice %d changes = %d entries in %d merges, sent at version 2 while the session was at %d; final version %d%n",
          300, aliceEntries, alice.seq - 1, before, end);
      // Nothing refused (no op_too_old, no clock_skew), alice's changes all acknowledged.
      for (Participant p : List.of(alice, bob, carol)) assertThat(p.nacks).as(p.user).isEmpty();
      assertThat(alice.inFlight).isEmpty();
      assertThat(alice.replica.pending().isEmpty()).as("alice's %d entries acknowledged", aliceEntries).isTrue();
      assertThat(alice.seq).as("alice's merges: her 300 changes in pieces of at most 100 entries").isGreaterThanOrEqualTo(2);

      // Every replica folded the same op log to the same document, which the read model holds too.
      Object doc = alice.replica.server();
      assertThat(JsonCodec.canonical(bob.replica.server())).isEqualTo(JsonCodec.canonical(doc));
      assertThat(JsonCodec.canonical(carol.replica.server())).isEqualTo(JsonCodec.canonical(doc));
      assertThat(JsonCodec.canonical(alice.replica.view())).isEqualTo(JsonCodec.canonical(doc));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      var saved = store.load(s).block();
      while ((saved == null || saved.version() < end) && System.nanoTime() < deadline) saved = store.load(s).block();
      assertThat(saved.version()).isEqualTo(end);
      assertThat(JsonCodec.canonical(saved.snapshot())).isEqualTo(JsonCodec.canonical(doc));
      Object folded = JsonCodec.parse("{}");
      for (OpsRecord.Sequenced op : store.ops(s, 0, (int) end).collectList().block()) folded = Json0.apply(folded, Sequencer.opOf(op));
      assertThat(JsonCodec.canonical(folded)).as("the read model's op log folds to its snapshot").isEqualTo(JsonCodec.canonical(saved.snapshot()));

      // The order did not matter: merging every update at once into the persona gives the same document.
      CrdtState all = CrdtState.EMPTY;
      for (Participant p : List.of(alice, bob, carol)) for (CrdtState u : p.everySent) all = all.merge(u);
      Object atOnce = CrdtDocument.merge(JsonCodec.parse(persona), all, Sequencer.CRDT_NODE, System.currentTimeMillis());
      assertThat(JsonCodec.canonical(CrdtDocument.withoutState(doc))).isEqualTo(JsonCodec.canonical(CrdtDocument.withoutState(atOnce)));
      assertThat(CrdtDocument.stateOf(doc)).isEqualTo(CrdtDocument.stateOf(atOnce));
    }
  }
}
