package org.personacollab.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.observability.PersonaMetrics;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.sync.config.SyncProperties;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.DocumentStore.SaveOutcome;
import org.personacollab.sync.domain.Sequencer;
import org.personacollab.sync.domain.SessionDocument;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read model's op list stays gap-free across a takeover: an instance commits ops (and a
 * checkpoint after them) to Kafka and dies before writing them to Redis; its successor, rebuilt
 * from that checkpoint, never replays them, so it must read them back from the ops log before it
 * stores the document. Found by the system tests' invariant check (a session at v 89 in Redis
 * with ops 24 and 25 missing after a sync-service kill).
 */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReadModelGapIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static KafkaProducer<String, byte[]> producer;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 1);
    registry.add("persona.sync.checkpoint-interval", () -> "0s"); // every batch checkpoints after its ops
  }

  @Autowired DocumentStore store;
  @Autowired SequencerLoop loop;
  @Autowired KafkaSettings kafka;
  @Autowired Sequencer sequencer;
  @Autowired SyncProperties properties;
  @Autowired org.personacollab.platform.config.CollaborationProperties collaboration;

  @BeforeAll
  static void clients() {
    Infra.get().createTopics(Map.of(PREFIX + ".edits", 1, PREFIX + ".ops", 1));
    producer = Infra.get().producer();
  }

  @AfterAll
  static void close() {
    producer.close();
  }

  @Test
  void store_refusesAHole_untilToldToStoreOverIt() {
    String session = "store-" + UUID.randomUUID();
    SessionDocument atFive = new SessionDocument(session, 5, JsonCodec.parse("{\"n\":5}"), Map.of(), List.of(), null);
    List<OpsRecord.Sequenced> threeAndFour = List.of(op(session, 3), op(session, 4));

    assertThat(store.save(atFive, threeAndFour).block()).isEqualTo(new SaveOutcome.Gap(0, 3));
    assertThat(store.load(session).blockOptional()).as("nothing stored after a refusal").isEmpty();
    assertThat(store.ops(session, 0, 10).collectList().block()).isEmpty();

    SessionDocument atTwo = new SessionDocument(session, 2, JsonCodec.parse("{\"n\":2}"), Map.of(), List.of(), null);
    assertThat(store.save(atTwo, List.of(op(session, 0), op(session, 1))).block()).isEqualTo(new SaveOutcome.Saved());
    assertThat(store.save(atFive, threeAndFour).block()).as("op 2 is missing").isEqualTo(new SaveOutcome.Gap(2, 3));
    assertThat(store.save(atFive, List.of()).block()).as("no ops: 2 to 4 missing").isEqualTo(new SaveOutcome.Gap(2, 5));
    assertThat(store.save(atFive, List.of(op(session, 2), op(session, 3), op(session, 4))).block()).isEqualTo(new SaveOutcome.Saved());
    assertThat(store.save(atTwo, List.of()).block()).as("backwards").isEqualTo(new SaveOutcome.Stale());

    SessionDocument atNine = new SessionDocument(session, 9, JsonCodec.parse("{\"n\":9}"), Map.of(), List.of(), null);
    assertThat(store.saveOverGap(atNine, List.of(op(session, 8))).block()).isEqualTo(new SaveOutcome.Saved());
    assertThat(store.load(session).block().version()).isEqualTo(9);
    assertThat(store.ops(session, 0, 20).map(OpsRecord.Sequenced::v).collectList().block()).containsExactly(0L, 1L, 2L, 3L, 4L, 8L);
  }

  @Test
  void opsCommittedButNotStored_byAnInstanceThatDied_areStoredByItsSuccessor_fromTheLog() {
    String session = "gap-" + UUID.randomUUID();
    commitButStoreOnlyTheFirst(session, 3, 7);
    assertThat(version(session)).as("Redis before the takeover").isEqualTo(3);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SequencerLoop successor = loop(store, meters);
    successor.start();
    try {
      await("the successor stores v 7", () -> version(session) == 7);
      // A change another client made on v 3, before the ops only the log had: it is transformed
      // past them, not refused op_too_old (the successor's window of recent ops was completed).
      var late = EditRecord.op(session, "c2", 1, "bob", System.currentTimeMillis(), 3,
          CODEC.readTree("[{\"p\":[\"late\"],\"oi\":\"merged\"}]"));
      producer.send(new ProducerRecord<>(PREFIX + ".edits", session, CODEC.writeBytes(late)));
      producer.flush();
      await("the late change sequenced", () -> version(session) == 8);
      edit(session, 8, "after");
      await("the successor sequences on", () -> version(session) == 9);
    } finally {
      successor.stop();
    }
    assertGapFreeAndFoldsToTheDocument(session, 9);
    assertThat(JsonCodec.canonical(store.load(session).block().snapshot())).contains("\"late\":\"merged\"");
    assertThat(meters.counter(PersonaMetrics.SYNC_READ_MODEL_REFILLS, "outcome", "refilled").count()).isEqualTo(4.0);
    assertThat(meters.counter(PersonaMetrics.SYNC_READ_MODEL_REFILLS, "outcome", "lost").count()).isZero();
  }

  @Test
  void opsOlderThanTheSuccessorsWindow_areRefilledByTheReadModelWriter() {
    String session = "old-" + UUID.randomUUID();
    commitButStoreOnlyTheFirst(session, 3, 7);
    // The successor keeps only 2 recent ops: ops 5 and 6 come back with its window, 3 and 4
    // through the writer's refusal of the hole and its read of the log.
    Sequencer narrow = new Sequencer(collaboration.conflictResolution(), properties.maxDocumentBytes(), 2, CODEC);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SequencerLoop successor = new SequencerLoop(kafka, CODEC, narrow, store, Clock.systemUTC(), properties, meters);
    successor.start();
    try {
      await("the successor stores v 7", () -> version(session) == 7);
    } finally {
      successor.stop();
    }
    assertGapFreeAndFoldsToTheDocument(session, 7);
    assertThat(meters.counter(PersonaMetrics.SYNC_READ_MODEL_REFILLS, "outcome", "refilled").count()).isEqualTo(4.0);
  }

  @Test
  void opsGoneFromTheLog_theDocumentIsStoredOverTheHole_andTheLossCounted() throws Exception {
    String session = "lost-" + UUID.randomUUID();
    commitButStoreOnlyTheFirst(session, 1, 4);
    // Someone shortened the ops topic's retention: every op is deleted from the log. The
    // successor rebuilds from the snapshot and checkpoint, which do not need them.
    TopicPartition ops = new TopicPartition(PREFIX + ".ops", 0);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers()))) {
      long end = admin.listOffsets(Map.of(ops, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().get(ops).offset();
      admin.deleteRecords(Map.of(ops, RecordsToDelete.beforeOffset(end))).all().get();
    }

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SequencerLoop successor = loop(store, meters);
    successor.start();
    try {
      await("the successor stores v 4 anyway", () -> version(session) == 4);
    } finally {
      successor.stop();
    }
    assertThat(store.ops(session, 0, 20).map(OpsRecord.Sequenced::v).collectList().block()).containsExactly(0L);
    assertThat(JsonCodec.canonical(store.load(session).block().snapshot()))
        .isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"f0\":\"a0\",\"f1\":\"a1\",\"f2\":\"a2\",\"f3\":\"a3\"}")));
    assertThat(meters.counter(PersonaMetrics.SYNC_READ_MODEL_REFILLS, "outcome", "lost").count()).isEqualTo(3.0);
  }

  /**
   * An instance sequences {@code total} edits of client c1 (edit i sets field {@code f<i>}), stores
   * the first {@code stored} ops in Redis, then loses Redis: it commits the rest to Kafka (each
   * batch with a checkpoint after its ops) but never stores them, and stops, its last attempt to
   * store failing too: what a kill between a commit and the read-model write leaves behind. The
   * context's own loop is stopped first: the tests run their own instances in its consumer group.
   */
  private void commitButStoreOnlyTheFirst(String session, int stored, int total) {
    loop.stop();
    Redis redis = new Redis(store);
    SequencerLoop dying = loop(redis);
    dying.start();
    try {
      for (int i = 0; i < stored; i++) edit(session, i + 1, "a" + i);
      await(stored + " ops stored", () -> version(session) == stored);
      redis.down.set(true);
      for (int i = stored; i < total; i++) edit(session, i + 1, "a" + i);
      await(total + " ops committed", () -> redis.refused.get() && committedOps(session) == total);
    } finally {
      dying.stop();
    }
    assertThat(version(session)).as("Redis before the takeover").isEqualTo(stored);
  }

  private SequencerLoop loop(DocumentStore documents) {
    return loop(documents, new SimpleMeterRegistry());
  }

  private SequencerLoop loop(DocumentStore documents, SimpleMeterRegistry meters) {
    return new SequencerLoop(kafka, CODEC, sequencer, documents, Clock.systemUTC(), properties, meters);
  }

  /** Edit number {@code seq} of client c1: sets field {@code f<seq-1>}. */
  private static void edit(String session, long seq, String value) {
    var edit = EditRecord.edit(session, "c1", seq, "alice", 1, List.of("f" + (seq - 1)), CODEC.readTree("\"" + value + "\""));
    producer.send(new ProducerRecord<>(PREFIX + ".edits", session, CODEC.writeBytes(edit)));
    producer.flush();
  }

  private long version(String session) {
    return store.load(session).map(SessionDocument::version).blockOptional().orElse(0L);
  }

  private long committedOps(String session) {
    return new OpsLogReader(kafka, CODEC, Duration.ofSeconds(10)).read(0, session, 0, 100).size();
  }

  private void assertGapFreeAndFoldsToTheDocument(String session, long version) {
    List<OpsRecord.Sequenced> ops = store.ops(session, 0, 1000).collectList().block();
    assertThat(ops).extracting(OpsRecord.Sequenced::v).as("versions in the read model")
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, version).boxed().toList());
    Object folded = JsonCodec.parse("{}");
    for (OpsRecord.Sequenced op : ops) folded = Json0.apply(folded, Op.parse(op.op().toString()));
    assertThat(JsonCodec.canonical(folded)).isEqualTo(JsonCodec.canonical(store.load(session).block().snapshot()));
  }

  private static OpsRecord.Sequenced op(String session, long v) {
    return new OpsRecord.Sequenced(session, v, "c1", v + 1, CODEC.readTree("[{\"p\":[\"n\"],\"oi\":" + v + "}]"), "alice", 1);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The real store, which can be made unreachable for writes (a dying instance never reaches it). */
  private static final class Redis implements DocumentStore {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean refused = new AtomicBoolean();
    private final DocumentStore real;

    Redis(DocumentStore real) {
      this.real = real;
    }

    private Mono<SaveOutcome> unlessDown(Mono<SaveOutcome> save) {
      if (!down.get()) return save;
      refused.set(true);
      return Mono.error(new IllegalStateException("Redis is down for this instance"));
    }

    @Override
    public Mono<SessionDocument> load(String sessionId) {
      return real.load(sessionId);
    }

    @Override
    public Mono<SaveOutcome> save(SessionDocument state, List<OpsRecord.Sequenced> ops) {
      return Mono.defer(() -> unlessDown(real.save(state, ops)));
    }

    @Override
    public Mono<SaveOutcome> saveOverGap(SessionDocument state, List<OpsRecord.Sequenced> ops) {
      return Mono.defer(() -> unlessDown(real.saveOverGap(state, ops)));
    }

    @Override
    public Flux<OpsRecord.Sequenced> ops(String sessionId, long from, int limit) {
      return real.ops(sessionId, from, limit);
    }

    @Override
    public Flux<OpsRecord.Sequenced> opsBefore(String sessionId, long below, int limit) {
      return real.opsBefore(sessionId, below, limit);
    }

    @Override
    public Mono<VersionedDocument> snapshotAtOrBefore(String sessionId, long version) {
      return real.snapshotAtOrBefore(sessionId, version);
    }

    @Override
    public Mono<Long> firstSnapshotVersion(String sessionId) {
      return real.firstSnapshotVersion(sessionId);
    }
  }
}
