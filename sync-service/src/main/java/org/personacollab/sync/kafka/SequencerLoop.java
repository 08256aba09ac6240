package org.personacollab.sync.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.tracing.Span;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.personacollab.ot.JsonCodec;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.observability.PersonaMetrics;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.sync.config.SyncProperties;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.EditOutcome;
import org.personacollab.sync.domain.Sequencer;
import org.personacollab.sync.domain.SessionDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The sequencer's commit loop: poll a batch of edits, sequence them, produce the ops, audit
 * events, snapshots due and the consumed offsets in one Kafka transaction, and only then treat
 * the new documents as committed.
 *
 * <h2>Why it is shaped like this</h2>
 *
 * <ol>
 *   <li><b>One writer per session.</b> Edits are keyed by session id and a partition has one
 *       consumer in the group, so one instance owns each session. Its ops, nacks, audit events
 *       and snapshots are written to the same partition number of {@code persona.ops},
 *       {@code persona.audit} and {@code persona.snapshots}.
 *   <li><b>Exactly once.</b> The consumed offsets are committed inside the producer's
 *       transaction ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a
 *       fenced or kicked-out member cannot commit) and every reader of these topics reads
 *       committed records only: a crash at any point either commits a batch's outputs and
 *       offsets together, or none of them, and the batch is then redone from the same offsets
 *       against the same committed state.
 *   <li><b>One thread, plain clients.</b> The loop owns its {@link KafkaConsumer} and
 *       {@link KafkaProducer} on one thread: the consumer is not thread-safe, and reactor-kafka's
 *       exactly-once receiver touches it from another thread (its issue #292, which restarted
 *       the sequencer every few seconds under load). Rebalance callbacks run on this thread too,
 *       between transactions, never inside one.
 *   <li><b>State only moves on commit.</b> A batch works on copies ({@link SessionDocument} is an
 *       immutable value); the cache of committed documents changes only after the transaction
 *       commits, so an aborted batch leaves nothing to undo: the loop seeks back to the committed
 *       offsets and tries again.
 *   <li><b>Kafka is the truth; it is rebuilt from, on every assignment.</b> Newly assigned
 *       partitions are rebuilt from the snapshots topic, the ops after the partition's checkpoint
 *       and the audit events after it ({@link SessionRebuilder}), before any of their edits is
 *       sequenced. The assignor is cooperative, so a rebalance moves only the partitions that
 *       change owner and the others keep their state.
 *   <li><b>Snapshots bound the rebuild.</b> A session gets a snapshot every
 *       {@code snapshot-every-ops} ops; every {@code checkpoint-interval} all changed sessions of a
 *       partition get one and the partition a checkpoint (the ops and audit offsets from which a
 *       rebuild replays), in the same transaction as what they cover.
 *   <li><b>The read model follows the log.</b> After commit (and after a rebuild) documents and
 *       ops go to the {@link DocumentStore} (Redis), which gateways join from, written by a
 *       writer beside the commit loop: sequencing never waits for Redis. A failed write is
 *       retried on the next wake-up. The store refuses a hole in a session's op list; ops it
 *       lacks (committed by an instance that died before storing them, before the checkpoint this
 *       one rebuilt from) are read back from {@code persona.ops} ({@link OpsLogReader}).
 * </ol>
 */
public final class SequencerLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SequencerLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final Sequencer sequencer;
  private final DocumentStore store;
  private final Clock clock;
  private final SyncProperties properties;
  private final SessionRebuilder rebuilder;
  private final OpsLogReader opsLog;
  /** Sessions whose missing ops are being, or have been, read back from the log (see {@link Refill}). */
  private final Map<String, Refill> refills = new ConcurrentHashMap<>();
  /** One thread: gaps are read one at a time, so a Redis that lost everything does not start a read per session at once. */
  private volatile reactor.core.scheduler.Scheduler refillScheduler = Schedulers.immediate();
  private final String instanceId = UUID.randomUUID().toString();
  private final Map<String, Cached> committed = new ConcurrentHashMap<>();
  private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
  /**
   * Ops committed to Kafka whose documents are not yet in the store, per session. The lists are
   * immutable and only ever replaced (appended to, or trimmed from the front after a save).
   */
  private final Map<String, List<OpsRecord.Sequenced>> unsaved = new ConcurrentHashMap<>();
  /** Wakes the read-model writer, which runs beside the commit loop, never in its way. */
  private final Sinks.Many<Boolean> saveRequests = Sinks.many().unicast().onBackpressureBuffer();
  private volatile Disposable saver = () -> {};
  private final AtomicBoolean assigned = new AtomicBoolean();
  private final Counter applied;
  private final Counter rejected;
  private final Counter duplicates;
  private final Counter snapshots;
  private final Counter aborts;
  private final Counter refilled;
  private final Counter unrecoverable;
  private final Timer batches;
  private final Timer editDelay;
  private final MeterRegistry meters;
  private final KafkaTracing tracing;
  private volatile boolean running;
  private volatile @org.jspecify.annotations.Nullable Thread thread;
  private volatile @org.jspecify.annotations.Nullable KafkaConsumer<String, byte[]> consumer;

  /**
   * A session as committed, with what its last snapshot holds: the version and the audit chain's
   * sequence (an audit-only event, such as a participant joining, moves the chain but not the
   * version, and must reach a snapshot before a checkpoint passes it), and since when (epoch
   * millis) it has had changes that no snapshot holds, or -1 if none.
   */
  private record Cached(SessionDocument state, int partition, long snapshotVersion, long snapshotAudit, long dirtySince) {
    boolean unsnapshotted() {
      return changedSince(state, snapshotVersion, snapshotAudit);
    }
  }

  private static long auditSequence(SessionDocument state) {
    return state.audit() == null ? 0 : state.audit().sequence();
  }

  /** Whether {@code state} holds anything a snapshot at that version and audit sequence lacks. */
  private static boolean changedSince(SessionDocument state, long snapshotVersion, long snapshotAudit) {
    return state.version() > snapshotVersion || auditSequence(state) > snapshotAudit;
  }

  /** Per assigned partition: the last ops and audit offsets written and when the last checkpoint was. */
  private record PartitionState(long lastOpsOffset, long lastAuditOffset, long lastCheckpointMillis) {}

  public SequencerLoop(
      KafkaSettings kafka,
      WireCodec codec,
      Sequencer sequencer,
      DocumentStore store,
      Clock clock,
      SyncProperties properties,
      MeterRegistry meters) {
    this(kafka, codec, sequencer, store, clock, properties, meters, KafkaTracing.NOOP);
  }

  /**
   * A loop that also continues the trace of each sampled edit (its {@code traceparent} header)
   * with a span that ends when the edit's transaction commits, and passes that span on in the
   * header of the op it writes.
   */
  public SequencerLoop(
      KafkaSettings kafka,
      WireCodec codec,
      Sequencer sequencer,
      DocumentStore store,
      Clock clock,
      SyncProperties properties,
      MeterRegistry meters,
      KafkaTracing tracing) {
    this.kafka = kafka;
    this.meters = meters;
    this.tracing = tracing;
    this.codec = codec;
    this.sequencer = sequencer;
    this.store = store;
    this.clock = clock;
    this.properties = properties;
    this.rebuilder = new SessionRebuilder(kafka, codec, sequencer);
    this.opsLog = new OpsLogReader(kafka, codec, Duration.ofSeconds(60));
    this.applied = Counter.builder(PersonaMetrics.SYNC_EDITS).tag("outcome", "applied").register(meters);
    this.rejected = Counter.builder(PersonaMetrics.SYNC_EDITS).tag("outcome", "rejected").register(meters);
    this.duplicates = Counter.builder(PersonaMetrics.SYNC_EDITS).tag("outcome", "duplicate").register(meters);
    this.snapshots = Counter.builder(PersonaMetrics.SYNC_SNAPSHOTS).register(meters);
    this.refilled = Counter.builder(PersonaMetrics.SYNC_READ_MODEL_REFILLS).tag("outcome", "refilled")
        .description("ops missing from the read model, read back from the ops log and stored").register(meters);
    this.unrecoverable = Counter.builder(PersonaMetrics.SYNC_READ_MODEL_REFILLS).tag("outcome", "lost")
        .description("ops missing from the read model that the ops log no longer held").register(meters);
    this.aborts = Counter.builder(PersonaMetrics.SYNC_ABORTS).description("batches aborted and redone").register(meters);
    this.batches =
        Timer.builder(PersonaMetrics.SYNC_BATCH)
            .description("sequence and commit one batch (one Kafka transaction)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(meters);
    this.editDelay =
        Timer.builder(PersonaMetrics.SYNC_EDIT_DELAY)
            .description("from the gateway taking an edit (its ts) to the sequencer sequencing it")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(meters);
    TimeGauge.builder(PersonaMetrics.SYNC_SNAPSHOT_AGE, this, TimeUnit.MILLISECONDS, SequencerLoop::oldestUnsnapshottedMillis)
        .description("how long the oldest change of an owned session has waited without a snapshot that holds it")
        .register(meters);
    Gauge.builder(PersonaMetrics.SYNC_SESSIONS, committed, Map::size).description("sessions this instance owns").register(meters);
  }

  /** Milliseconds since the oldest change not yet in a snapshot, over the sessions this instance owns (0: none). */
  private double oldestUnsnapshottedMillis() {
    long now = clock.millis();
    long oldest = now;
    for (Cached c : committed.values()) {
      if (c.dirtySince() >= 0 && c.dirtySince() < oldest) oldest = c.dirtySince();
    }
    return now - oldest;
  }

  /** True once this instance has been assigned partitions at least once. */
  public boolean hasAssignment() {
    return assigned.get();
  }

  @Override
  public void start() {
    running = true;
    refillScheduler = Schedulers.newSingle("read-model-refill", true);
    saver =
        saveRequests
            .asFlux()
            .onBackpressureLatest()
            .concatMap(tick -> saveUnsaved(), 1)
            .subscribe(v -> {}, e -> log.error("Read-model writer stopped", e));
    Thread t = new Thread(this::runLoop, "sequencer-" + instanceId.substring(0, 8));
    t.setDaemon(true);
    thread = t;
    t.start();
    log.info("Sequencer started (instance {}), consuming {}", instanceId, kafka.topics().edits());
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) c.wakeup();
    Thread t = thread;
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    saveUnsaved().block(Duration.ofSeconds(10)); // what is committed reaches the read model
    saver.dispose();
    refillScheduler.dispose();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Runs (and, after a failure, restarts) the consume-transform-produce loop until stopped. */
  private void runLoop() {
    Duration backoff = properties.restartBackoff();
    while (running) {
      try {
        consumeTransformProduce();
        backoff = properties.restartBackoff();
      } catch (WakeupException e) {
        if (!running) break;
      } catch (RuntimeException e) {
        if (!running) break;
        log.warn("Sequencer loop failed; restarting in {} ms: {}", backoff.toMillis(), e.toString());
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
      }
    }
    log.info("Sequencer stopped (instance {})", instanceId);
  }

  private void consumeTransformProduce() {
    var consumerConfig = new HashMap<>(kafka.receiverOptions(kafka.topics().prefix() + "sync", "sync-" + instanceId).consumerProperties());
    consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
    consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, properties.sessionTimeout().toMillis() / 4));
    consumerConfig.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    var producerConfig =
        new HashMap<>(
            kafka.transactionalSenderOptions("sync-" + instanceId, "persona-sync-" + instanceId, properties.transactionTimeout())
                .producerProperties());
    // Dropping every partition forgets what this instance knew: a new loop rebuilds from Kafka.
    committed.clear();
    partitions.clear();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig);
        // kafka_consumer_fetch_manager_records_lag(_max): the edits not yet read; closed (and its
        // meters removed) with this consumer, a restarted loop binds its new one.
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(c)) {
      consumerMetrics.bindTo(meters);
      consumer = c;
      producer.initTransactions();
      c.subscribe(List.of(kafka.topics().edits()), new Rebalance());
      while (running) {
        ConsumerRecords<String, byte[]> records = c.poll(POLL);
        if (records.isEmpty()) {
          checkpointIdle(producer);
          continue;
        }
        Timer.Sample sample = Timer.start();
        List<Span> spans = new ArrayList<>(0);
        Throwable failed = null;
        try {
          commitBatch(c, producer, records, spans);
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | InvalidProducerEpochException e) {
          failed = e;
          throw e; // the producer is unusable: a new loop makes a new one
        } catch (KafkaException e) {
          failed = e;
          aborts.increment();
          log.warn("Batch failed; aborting and redoing it from the committed offsets: {}", e.toString());
          try {
            producer.abortTransaction();
          } catch (KafkaException abortFailed) {
            throw abortFailed;
          }
          rewind(c);
        } catch (RuntimeException e) {
          failed = e;
          throw e;
        } finally {
          sample.stop(batches);
          endSpans(spans, failed);
        }
      }
    } finally {
      consumer = null;
    }
  }

  /** Ends the spans of a batch's sampled edits: after its commit, or with the error that aborted it (the edit is redone). */
  private static void endSpans(List<Span> spans, @org.jspecify.annotations.Nullable Throwable failed) {
    for (Span span : spans) {
      if (failed != null) span.error(failed);
      span.end();
    }
  }

  /**
   * One batch, one transaction. State moves only after the commit. The spans of sampled edits are
   * added to {@code spans}, which the caller ends.
   */
  private void commitBatch(
      KafkaConsumer<String, byte[]> c,
      KafkaProducer<String, byte[]> producer,
      ConsumerRecords<String, byte[]> records,
      List<Span> spans) {
    Map<String, SessionDocument> working = new LinkedHashMap<>();
    Map<String, Integer> partitionOf = new HashMap<>();
    Map<String, List<OpsRecord.Sequenced>> newOps = new LinkedHashMap<>();
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    long now = clock.millis();
    for (ConsumerRecord<String, byte[]> record : records) {
      EditRecord edit = decode(record);
      if (edit == null) continue;
      String id = edit.sessionId();
      editDelay.record(Math.max(0, now - edit.ts()), TimeUnit.MILLISECONDS);
      Span span = tracing.startChild("persona.edits sequence", Span.Kind.CONSUMER, record.headers());
      if (span != null) {
        span.tag("persona.session", id).tag("persona.src", edit.src()).tag("persona.seq", edit.seq());
        spans.add(span);
      }
      int before = out.size();
      partitionOf.put(id, record.partition());
      SessionDocument state =
          working.computeIfAbsent(id, k -> {
            Cached cached = committed.get(k);
            return cached == null ? SessionDocument.empty(k) : cached.state();
          });
      EditOutcome outcome = sequencer.sequence(state, edit, now);
      working.put(id, outcome.state());
      if (outcome instanceof EditOutcome.Applied a) {
        out.add(toRecord(kafka.topics().ops(), record.partition(), id, a.record()));
        out.add(toRecord(kafka.topics().audit(), record.partition(), id, a.audit()));
        newOps.computeIfAbsent(id, k -> new ArrayList<>()).add(a.record());
      } else if (outcome instanceof EditOutcome.Recorded r) {
        out.add(toRecord(kafka.topics().audit(), record.partition(), id, r.audit()));
      } else if (outcome instanceof EditOutcome.Rejected r) {
        out.add(toRecord(kafka.topics().ops(), record.partition(), id, r.record()));
        logRejection(id, r);
      } else if (outcome instanceof EditOutcome.Duplicate d) {
        duplicates.increment();
        if (d.record() != null) out.add(toRecord(kafka.topics().ops(), record.partition(), id, d.record()));
      }
      if (span != null) {
        span.tag("persona.outcome", outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        // The op (or nack) of this edit carries its span on to the gateways.
        for (int i = before; i < out.size(); i++) {
          if (out.get(i).topic().equals(kafka.topics().ops())) tracing.inject(span, out.get(i).headers());
        }
      }
    }
    producer.beginTransaction();
    List<Future<RecordMetadata>> sent = new ArrayList<>(out.size());
    for (ProducerRecord<String, byte[]> record : out) sent.add(producer.send(record));
    producer.flush();
    Map<Integer, Long> lastOffsets = new HashMap<>();
    Map<Integer, Long> lastAuditOffsets = new HashMap<>();
    for (Future<RecordMetadata> future : sent) {
      RecordMetadata metadata = await(future);
      Map<Integer, Long> target = metadata.topic().equals(kafka.topics().ops()) ? lastOffsets : lastAuditOffsets;
      target.merge(metadata.partition(), metadata.offset(), Math::max);
    }
    Plan plan = planSnapshots(working, partitionOf, lastOffsets, lastAuditOffsets, now);
    for (ProducerRecord<String, byte[]> record : plan.records()) producer.send(record);
    producer.sendOffsetsToTransaction(nextOffsets(records), c.groupMetadata());
    producer.commitTransaction();
    promote(working, partitionOf, newOps, lastOffsets, lastAuditOffsets, plan, now);
    requestSave();
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> of = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** After an aborted batch: read again from the committed offsets (the cache is still at them). */
  private static void rewind(KafkaConsumer<String, byte[]> c) {
    Set<TopicPartition> assignment = c.assignment();
    Map<TopicPartition, OffsetAndMetadata> committedOffsets = c.committed(assignment);
    for (TopicPartition partition : assignment) {
      OffsetAndMetadata offset = committedOffsets.get(partition);
      if (offset != null) c.seek(partition, offset);
      else c.seekToBeginning(List.of(partition));
    }
  }

  private static RecordMetadata await(Future<RecordMetadata> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while sending", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof KafkaException k) throw k;
      throw new KafkaException("send failed", e.getCause());
    }
  }

  /** Rebalance callbacks: on the loop's thread, between transactions. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> parts) {
      evict(parts);
      if (!parts.isEmpty()) log.info("Revoked {}", parts);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> parts) {
      evict(parts);
      if (!parts.isEmpty()) log.info("Lost {}", parts);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
      if (parts.isEmpty()) {
        assigned.set(true);
        return;
      }
      List<Integer> numbers = parts.stream().map(TopicPartition::partition).sorted().toList();
      Map<Integer, SessionRebuilder.Result> results = rebuilder.rebuild(numbers);
      // Reading ops back from the log is for the few sessions an instance died on; if the read
      // model lost everything, the sessions are not held up for it (the read-model writer refills
      // the read model itself later, one session at a time).
      long logReadsUntil = System.nanoTime() + LOG_READS_ON_ASSIGNMENT.toNanos();
      results.forEach((partition, result) -> {
        long now = clock.millis();
        result.sessions().forEach((id, state) -> {
          List<OpsRecord.Sequenced> replayed = result.replayed().getOrDefault(id, List.of());
          Recent recent = withRecentOps(partition, state, replayed, System.nanoTime() < logReadsUntil);
          committed.put(id, new Cached(recent.state(), partition, -1, -1, now));
          // What the read model may lack: the ops replayed since the checkpoint, and the ones
          // before it that only the log still had.
          unsaved.merge(id, concat(recent.fromLog(), replayed), SequencerLoop::concat);
        });
        partitions.put(partition, new PartitionState(result.lastOpsOffset(), result.lastAuditOffset(), clock.millis()));
      });
      requestSave();
      assigned.set(true);
      log.info("Assigned {}", parts);
    }
  }

  private void evict(Collection<TopicPartition> parts) {
    Set<Integer> numbers = new HashSet<>();
    for (TopicPartition p : parts) numbers.add(p.partition());
    committed.values().removeIf(c -> numbers.contains(c.partition()));
    numbers.forEach(partitions::remove);
  }

  private static final Duration LOG_READS_ON_ASSIGNMENT = Duration.ofSeconds(10);

  /** A rebuilt session with its window of recent ops, and those of them read from the log. */
  private record Recent(SessionDocument state, List<OpsRecord.Sequenced> fromLog) {}

  /**
   * A rebuilt session knows only the ops replayed since the checkpoint, but late ops (a client's
   * in-flight change resent after the takeover) may have to be transformed past older ones: its
   * window of {@code retained-ops} recent ops is completed from the read model and, for what the
   * read model lacks (the instance before died between committing ops and storing them), from
   * the ops log (within {@link #LOG_READS_ON_ASSIGNMENT} per assignment). Best effort: what
   * cannot be had shortens the window, and ops older than it are refused {@code op_too_old}.
   */
  private Recent withRecentOps(int partition, SessionDocument state, List<OpsRecord.Sequenced> replayed, boolean readLog) {
    String id = state.sessionId();
    int wanted = (int) Math.min(sequencer.retainedOps(), state.version());
    long from = state.version() - wanted;
    java.util.TreeMap<Long, OpsRecord.Sequenced> window = new java.util.TreeMap<>();
    for (OpsRecord.Sequenced op : replayed) if (op.v() >= from && op.v() < state.version()) window.put(op.v(), op);
    List<OpsRecord.Sequenced> fromLog = List.of();
    try {
      if (window.size() < wanted) {
        List<OpsRecord.Sequenced> stored = store.ops(id, from, wanted).collectList().block(Duration.ofSeconds(5));
        if (stored != null) for (OpsRecord.Sequenced op : stored) if (op.v() < state.version()) window.putIfAbsent(op.v(), op);
      }
      if (window.size() < wanted && readLog) {
        long missingFrom = from;
        while (window.containsKey(missingFrom)) missingFrom++;
        long missingTo = state.version();
        while (window.containsKey(missingTo - 1)) missingTo--;
        fromLog = opsLog.read(partition, id, missingFrom, missingTo).stream().filter(op -> !window.containsKey(op.v())).toList();
        for (OpsRecord.Sequenced op : fromLog) window.put(op.v(), op);
        if (!fromLog.isEmpty()) {
          refilled.increment(fromLog.size());
          log.info("Read {} ops of {} that the read model lacked back from the ops log", fromLog.size(), id);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not complete the recent ops of {}: {}", id, e.toString());
    }
    // The longest run of consecutive versions that ends at the current one.
    java.util.ArrayDeque<org.personacollab.ot.Op> recent = new java.util.ArrayDeque<>();
    for (long v = state.version() - 1; v >= from && window.containsKey(v); v--) recent.addFirst(Sequencer.opOf(window.get(v)));
    if (recent.size() <= state.recent().size()) return new Recent(state, fromLog);
    return new Recent(
        new SessionDocument(id, state.version(), state.snapshot(), state.marks(), List.copyOf(recent), state.audit()), fromLog);
  }

  /** Snapshot records to write with this batch, and what they cover. */
  private record Plan(
      List<ProducerRecord<String, byte[]>> records, Map<String, SessionDocument> snapshotted, Map<Integer, long[]> checkpoints) {}

  /**
   * Snapshots every {@code checkpoint-interval} also when nothing arrives: a session that went
   * quiet would otherwise keep its last changes outside any snapshot (and the partition its
   * checkpoint) until its next edit, and a takeover would replay them. Only partitions with a
   * change no snapshot holds get a transaction; it carries snapshots and the checkpoint only (no
   * consumed offsets: nothing was consumed). A zombie's late checkpoint of this kind is harmless:
   * its snapshots are of states in the log and its offsets are no later than the owner's, so a
   * rebuild from it replays more, never less.
   */
  private void checkpointIdle(KafkaProducer<String, byte[]> producer) {
    long now = clock.millis();
    long interval = properties.checkpointInterval().toMillis();
    Set<Integer> stale = new HashSet<>();
    partitions.forEach((partition, ps) -> {
      if (now - ps.lastCheckpointMillis() >= interval) stale.add(partition);
    });
    if (stale.isEmpty()) return;
    Set<Integer> changed = new HashSet<>();
    committed.values().forEach(cached -> {
      if (stale.contains(cached.partition()) && cached.unsnapshotted()) changed.add(cached.partition());
    });
    if (changed.isEmpty()) return;
    Plan plan = planSnapshots(Map.of(), Map.of(), changed, Map.of(), Map.of(), now);
    if (plan.records().isEmpty()) return;
    try {
      producer.beginTransaction();
      for (ProducerRecord<String, byte[]> record : plan.records()) producer.send(record);
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | InvalidProducerEpochException e) {
      throw e; // the producer is unusable: a new loop makes a new one
    } catch (KafkaException e) {
      aborts.increment();
      log.warn("Idle checkpoint failed; aborting it (the next one retries): {}", e.toString());
      producer.abortTransaction();
      return;
    }
    promote(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), plan, now);
  }

  private Plan planSnapshots(
      Map<String, SessionDocument> working,
      Map<String, Integer> partitionOf,
      Map<Integer, Long> lastOffsets,
      Map<Integer, Long> lastAuditOffsets,
      long now) {
    return planSnapshots(working, partitionOf, new HashSet<>(partitionOf.values()), lastOffsets, lastAuditOffsets, now);
  }

  private Plan planSnapshots(
      Map<String, SessionDocument> working,
      Map<String, Integer> partitionOf,
      Set<Integer> touchedPartitions,
      Map<Integer, Long> lastOffsets,
      Map<Integer, Long> lastAuditOffsets,
      long now) {
    Map<String, SessionDocument> due = new LinkedHashMap<>();
    working.forEach((id, state) -> {
      Cached cached = committed.get(id);
      long last = cached == null ? -1 : cached.snapshotVersion();
      if (state.version() - Math.max(last, 0) >= properties.snapshotEveryOps()) due.put(id, state);
    });
    Map<Integer, long[]> checkpoints = new HashMap<>();
    for (int partition : touchedPartitions) {
      PartitionState ps = partitions.get(partition);
      if (ps == null || now - ps.lastCheckpointMillis() < properties.checkpointInterval().toMillis()) continue;
      // Every changed session of the partition, committed or in this batch, gets its snapshot.
      committed.forEach((id, c) -> {
        if (c.partition() == partition && c.unsnapshotted() && !working.containsKey(id)) {
          due.put(id, c.state());
        }
      });
      working.forEach((id, state) -> {
        Cached c = committed.get(id);
        if (partitionOf.get(id) == partition && (c == null || changedSince(state, c.snapshotVersion(), c.snapshotAudit()))) {
          due.put(id, state);
        }
      });
      long lastOffset = Math.max(ps.lastOpsOffset(), lastOffsets.getOrDefault(partition, -1L));
      long lastAudit = Math.max(ps.lastAuditOffset(), lastAuditOffsets.getOrDefault(partition, -1L));
      checkpoints.put(partition, new long[] {lastOffset + 1, lastAudit + 1});
    }
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    Map<String, SessionDocument> snapshotted = new HashMap<>();
    due.forEach((id, state) -> {
      int partition = partitionOf.getOrDefault(id, committed.containsKey(id) ? committed.get(id).partition() : 0);
      var snapshot =
          new SnapshotRecord.Snapshot(
              id, state.version(), codec.readTree(JsonCodec.write(state.snapshot())), state.marks(), state.audit(), now);
      records.add(toRecord(kafka.topics().snapshots(), partition, id, snapshot));
      snapshotted.put(id, state);
    });
    checkpoints.forEach((partition, offsets) ->
        records.add(toRecord(kafka.topics().snapshots(), partition, SnapshotRecord.CHECKPOINT_KEY,
            new SnapshotRecord.Checkpoint(partition, offsets[0], offsets[1], now))));
    return new Plan(records, snapshotted, checkpoints);
  }

  private void promote(
      Map<String, SessionDocument> working,
      Map<String, Integer> partitionOf,
      Map<String, List<OpsRecord.Sequenced>> newOps,
      Map<Integer, Long> lastOffsets,
      Map<Integer, Long> lastAuditOffsets,
      Plan plan,
      long now) {
    working.forEach((id, state) -> {
      Cached before = committed.get(id);
      SessionDocument snap = plan.snapshotted().get(id);
      if (snap != null) {
        committed.put(id, new Cached(state, partitionOf.get(id), snap.version(), auditSequence(snap), -1));
      } else {
        long snapshotVersion = before == null ? -1 : before.snapshotVersion();
        long snapshotAudit = before == null ? -1 : before.snapshotAudit();
        long dirtySince =
            before != null && before.dirtySince() >= 0 ? before.dirtySince() : changedSince(state, snapshotVersion, snapshotAudit) ? now : -1;
        committed.put(id, new Cached(state, partitionOf.get(id), snapshotVersion, snapshotAudit, dirtySince));
      }
    });
    plan.snapshotted().forEach((id, snap) -> {
      Cached c = committed.get(id);
      if (c != null && !working.containsKey(id)) committed.put(id, new Cached(c.state(), c.partition(), snap.version(), auditSequence(snap), -1));
    });
    lastOffsets.forEach((partition, offset) ->
        partitions.computeIfPresent(partition, (k, ps) ->
            new PartitionState(Math.max(ps.lastOpsOffset(), offset), ps.lastAuditOffset(), ps.lastCheckpointMillis())));
    lastAuditOffsets.forEach((partition, offset) ->
        partitions.computeIfPresent(partition, (k, ps) ->
            new PartitionState(ps.lastOpsOffset(), Math.max(ps.lastAuditOffset(), offset), ps.lastCheckpointMillis())));
    plan.checkpoints().keySet().forEach(partition ->
        partitions.computeIfPresent(partition, (k, ps) -> new PartitionState(ps.lastOpsOffset(), ps.lastAuditOffset(), now)));
    snapshots.increment(plan.snapshotted().size());
    newOps.forEach((id, ops) -> {
      unsaved.merge(id, List.copyOf(ops), SequencerLoop::concat);
      applied.increment(ops.size());
    });
  }

  /** Wakes the read-model writer; from any thread (the sink takes one emitter at a time). */
  private synchronized void requestSave() {
    saveRequests.tryEmitNext(Boolean.TRUE);
  }

  /**
   * Writes every document with committed but unsaved ops to the store; failures stay queued. A
   * session whose older ops the store lacks waits, unsaved, while {@link #refill} reads them from
   * the log, and is stored with them on the wake-up after; the others are not held up.
   */
  private Mono<Void> saveUnsaved() {
    return Flux.fromIterable(List.copyOf(unsaved.keySet()))
        .concatMap(
            id -> {
              Cached cached = committed.get(id);
              List<OpsRecord.Sequenced> batch = unsaved.get(id);
              if (cached == null || batch == null) {
                unsaved.remove(id);
                refills.remove(id);
                return Mono.empty();
              }
              Refill refill = refills.get(id);
              if (refill == Refill.READING) return Mono.empty();
              if (refill != null) refills.remove(id, refill);
              Mono<DocumentStore.SaveOutcome> save =
                  refill == null ? store.save(cached.state(), batch)
                      : refill.complete() ? store.save(cached.state(), concat(refill.ops(), batch))
                      : store.saveOverGap(cached.state(), concat(refill.ops(), batch));
              return save
                  .doOnNext(outcome -> {
                    if (outcome instanceof DocumentStore.SaveOutcome.Gap gap) {
                      refill(cached.partition(), id, gap);
                      return;
                    }
                    // Lists only grow at the end, so what was saved is their first batch.size() ops.
                    unsaved.computeIfPresent(id, (k, current) ->
                        current.size() <= batch.size() ? null : List.copyOf(current.subList(batch.size(), current.size())));
                  })
                  .onErrorResume(
                      e -> {
                        log.warn("Could not store document {} (will retry): {}", id, e.toString());
                        return Mono.empty();
                      })
                  .contextWrite(SessionLogContext.of(id));
            })
        .then();
  }

  /**
   * Ops the store lacks, read back from the log for a session: the instance that committed them
   * died before storing them, and this one, rebuilt from a later checkpoint, never had them.
   * {@link #READING} while the read runs; {@code complete} false if the log no longer holds them
   * all, and then the document is stored over the hole (it must not stay behind) and the loss
   * logged and counted.
   */
  private record Refill(List<OpsRecord.Sequenced> ops, boolean complete) {
    static final Refill READING = new Refill(List.of(), false);
  }

  /** Reads a gap from the log, one session at a time beside the writer, then wakes the writer. */
  private void refill(int partition, String id, DocumentStore.SaveOutcome.Gap gap) {
    refills.put(id, Refill.READING);
    Mono.fromCallable(() -> opsLog.read(partition, id, gap.from(), gap.to()))
        .subscribeOn(refillScheduler)
        .subscribe(
            read -> {
              long missing = gap.to() - gap.from() - read.size();
              refilled.increment(read.size());
              if (missing == 0) {
                log.info("Read ops {}–{} of {}, which the read model lacked, back from the ops log", gap.from(), gap.to() - 1, id);
              } else {
                unrecoverable.increment(missing);
                log.error("The ops log no longer holds {} of ops {}–{} of {}; storing the document without them",
                    missing, gap.from(), gap.to() - 1, id);
              }
              refills.put(id, new Refill(read, missing == 0));
              requestSave();
            },
            e -> {
              log.warn("Could not read ops {}–{} of {} back from the ops log (will retry): {}", gap.from(), gap.to() - 1, id, e.toString());
              refills.remove(id);
              Mono.delay(Duration.ofSeconds(1)).subscribe(t -> requestSave());
            });
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  private EditRecord decode(ConsumerRecord<String, byte[]> record) {
    try {
      EditRecord edit = codec.read(record.value(), EditRecord.class);
      if (edit.sessionId().equals(record.key())) return edit;
      log.error("Dropping edit at {}-{}@{}: key {} does not match session {}", record.topic(), record.partition(),
          record.offset(), record.key(), edit.sessionId());
    } catch (ProtocolException e) {
      // Only gateways and services write edits, so this is a bug, not user input: log loudly,
      // and do not block the partition behind it.
      log.error("Dropping undecodable edit at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
    }
    return null;
  }

  private ProducerRecord<String, byte[]> toRecord(String topic, int partition, String key, Object value) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, codec.writeBytes(value));
    if (value instanceof AuditEvent) {
      // The CloudEvents Kafka binding's structured mode: readable by the SDK's Kafka deserializer.
      record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void logRejection(String sessionId, EditOutcome.Rejected r) {
    rejected.increment();
    MDC.put(SessionLogContext.KEY, sessionId);
    try {
      log.info("Rejected change {}/{}: {} {}", r.record().src(), r.record().seq(), r.record().code(), r.record().message());
    } finally {
      MDC.remove(SessionLogContext.KEY);
    }
  }
}
