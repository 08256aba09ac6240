package org.personacollab.sync.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
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
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;
import reactor.kafka.sender.TransactionManager;
import reactor.util.retry.Retry;

/**
 * The sequencer's commit loop: consume a batch of edits, sequence them, produce the ops and the
 * consumed offsets in one Kafka transaction, and only then treat the new documents as committed.
 *
 * <h2>Why it is shaped like this</h2>
 *
 * <ol>
 *   <li><b>One writer per session.</b> Edits are keyed by session id, and a partition has one
 *       consumer in the group, so one instance owns each session; ops of a session are written to
 *       the same partition number of {@code persona.ops}.
 *   <li><b>Exactly once.</b> Offsets are committed inside the producer's transaction
 *       ({@code receiveExactlyOnce}) and consumers of ops read committed records only: a crash at
 *       any point either commits the batch's ops and offsets together or neither, and the batch is
 *       then redone from the same offsets against the same committed state.
 *   <li><b>State only moves on commit.</b> Each batch works on copies ({@link SessionDocument} is
 *       an immutable value); the cache of committed documents is updated only after the
 *       transaction commits. An aborted batch therefore leaves nothing behind to undo.
 *   <li><b>Rebalance drops cached state.</b> When partitions are revoked or assigned, documents
 *       of those partitions are evicted and reloaded from the store, because another instance may
 *       have moved them on meanwhile.
 *   <li><b>The read model follows the log.</b> After commit the documents and ops go to the
 *       {@link DocumentStore} (Redis), from which gateways welcome joiners and fill gaps. A store
 *       write that fails is retried with the next batch; it never blocks sequencing.
 * </ol>
 */
public final class SequencerLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SequencerLoop.class);

  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final Sequencer sequencer;
  private final DocumentStore store;
  private final Clock clock;
  private final Duration restartBackoff;
  private final String instanceId = UUID.randomUUID().toString();
  private final Map<String, Cached> committed = new ConcurrentHashMap<>();
  /** Ops committed to Kafka whose documents are not yet in the store, per session. */
  private final Map<String, List<OpsRecord.Sequenced>> unsaved = new ConcurrentHashMap<>();
  private final AtomicBoolean assigned = new AtomicBoolean();
  private final Counter applied;
  private final Counter rejected;
  private final Counter duplicates;
  private volatile Disposable loop = () -> {};
  private volatile boolean running;

  private record Cached(SessionDocument state, int partition) {}

  public SequencerLoop(
      KafkaSettings kafka,
      WireCodec codec,
      Sequencer sequencer,
      DocumentStore store,
      Clock clock,
      Duration restartBackoff,
      MeterRegistry meters) {
    this.kafka = kafka;
    this.codec = codec;
    this.sequencer = sequencer;
    this.store = store;
    this.clock = clock;
    this.restartBackoff = restartBackoff;
    this.applied = Counter.builder("persona.sync.edits").tag("outcome", "applied").register(meters);
    this.rejected = Counter.builder("persona.sync.edits").tag("outcome", "rejected").register(meters);
    this.duplicates = Counter.builder("persona.sync.edits").tag("outcome", "duplicate").register(meters);
  }

  /** True once this instance has been assigned partitions at least once. */
  public boolean hasAssignment() {
    return assigned.get();
  }

  @Override
  public void start() {
    running = true;
    loop =
        Flux.defer(this::run)
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, restartBackoff)
                    .maxBackoff(Duration.ofSeconds(10))
                    .doBeforeRetry(s -> log.warn("Sequencer loop failed; restarting: {}", s.failure().toString())))
            .subscribe(v -> {}, e -> log.error("Sequencer loop stopped", e));
    log.info("Sequencer started (instance {}), consuming {}", instanceId, kafka.topics().edits());
  }

  @Override
  public void stop() {
    running = false;
    loop.dispose();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private Flux<Object> run() {
    var options =
        kafka
            .receiverOptions(kafka.topics().prefix() + "sync", "sync-" + instanceId)
            .subscription(List.of(kafka.topics().edits()))
            .addAssignListener(
                parts -> {
                  evict(parts);
                  assigned.set(true);
                  log.info("Assigned {}", parts);
                })
            .addRevokeListener(
                parts -> {
                  evict(parts);
                  log.info("Revoked {}", parts);
                });
    KafkaSender<String, byte[]> sender =
        KafkaSender.create(kafka.transactionalSenderOptions("sync-" + instanceId, "persona-sync-" + instanceId));
    TransactionManager transactions = sender.transactionManager();
    return KafkaReceiver.create(options)
        .receiveExactlyOnce(transactions)
        .concatMap(batch -> batch.collectList().flatMap(records -> process(records, sender, transactions)))
        .onErrorResume(e -> transactions.abort().onErrorResume(x -> Mono.empty()).then(Mono.error(e)))
        .doFinally(signal -> sender.close())
        .cast(Object.class);
  }

  private void evict(Collection<ReceiverPartition> parts) {
    Set<Integer> numbers = new HashSet<>();
    for (ReceiverPartition p : parts) numbers.add(p.topicPartition().partition());
    committed.values().removeIf(c -> numbers.contains(c.partition()));
  }

  private Mono<Integer> process(
      List<ConsumerRecord<String, byte[]>> records, KafkaSender<String, byte[]> sender, TransactionManager tx) {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    List<EditRecord> edits = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        EditRecord edit = codec.read(record.value(), EditRecord.class);
        if (!edit.sessionId().equals(record.key())) {
          log.error("Dropping edit at {}-{}@{}: key {} does not match session {}", record.topic(), record.partition(),
              record.offset(), record.key(), edit.sessionId());
          continue;
        }
        edits.add(edit);
        partitions.put(edit.sessionId(), record.partition());
      } catch (ProtocolException e) {
        // Only gateways and services write edits, so this is a bug, not user input: log loudly,
        // and do not block the partition behind it.
        log.error("Dropping undecodable edit at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
            e.getMessage());
      }
    }
    return loadMissing(partitions.keySet())
        .then(
            Mono.defer(
                () -> {
                  Map<String, SessionDocument> working = new LinkedHashMap<>();
                  Map<String, List<OpsRecord.Sequenced>> newOps = new LinkedHashMap<>();
                  List<SenderRecord<String, byte[], Void>> out = new ArrayList<>();
                  long now = clock.millis();
                  for (EditRecord edit : edits) {
                    String id = edit.sessionId();
                    SessionDocument state = working.computeIfAbsent(id, k -> committed.get(k).state());
                    EditOutcome outcome = sequencer.sequence(state, edit, now);
                    working.put(id, outcome.state());
                    if (outcome instanceof EditOutcome.Applied a) {
                      out.add(toRecord(id, a.record()));
                      newOps.computeIfAbsent(id, k -> new ArrayList<>()).add(a.record());
                    } else if (outcome instanceof EditOutcome.Rejected r) {
                      out.add(toRecord(id, r.record()));
                      logRejection(id, r);
                    } else {
                      duplicates.increment();
                    }
                  }
                  return sender
                      .send(Flux.fromIterable(out))
                      .then(tx.commit())
                      .then(Mono.fromRunnable(() -> promote(working, partitions, newOps)))
                      .then(Mono.defer(this::saveUnsaved))
                      .thenReturn(out.size());
                }));
  }

  private Mono<Void> loadMissing(Set<String> sessionIds) {
    return Flux.fromIterable(sessionIds)
        .filter(id -> !committed.containsKey(id))
        .flatMap(id -> store.load(id).defaultIfEmpty(SessionDocument.empty(id)), 8)
        .doOnNext(doc -> committed.putIfAbsent(doc.sessionId(), new Cached(doc, -1)))
        .then();
  }

  private void promote(
      Map<String, SessionDocument> working,
      Map<String, Integer> partitions,
      Map<String, List<OpsRecord.Sequenced>> newOps) {
    working.forEach((id, state) -> committed.put(id, new Cached(state, partitions.getOrDefault(id, -1))));
    newOps.forEach(
        (id, ops) -> {
          unsaved.computeIfAbsent(id, k -> new ArrayList<>()).addAll(ops);
          applied.increment(ops.size());
        });
  }

  /** Writes every document with committed but unsaved ops to the store; failures stay queued. */
  private Mono<Void> saveUnsaved() {
    return Flux.fromIterable(List.copyOf(unsaved.keySet()))
        .concatMap(
            id -> {
              Cached cached = committed.get(id);
              List<OpsRecord.Sequenced> ops = unsaved.get(id);
              if (cached == null || ops == null) {
                unsaved.remove(id);
                return Mono.empty();
              }
              List<OpsRecord.Sequenced> batch = List.copyOf(ops);
              return store
                  .save(cached.state(), batch)
                  .doOnNext(stored -> ops.removeAll(batch))
                  .doOnNext(stored -> {
                    if (ops.isEmpty()) unsaved.remove(id, ops);
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

  private SenderRecord<String, byte[], Void> toRecord(String sessionId, OpsRecord record) {
    return SenderRecord.create(new ProducerRecord<>(kafka.topics().ops(), sessionId, codec.writeBytes(record)), null);
  }

  private void logRejection(String sessionId, EditOutcome.Rejected r) {
    rejected.increment();
    MDC.put(SessionLogContext.KEY, sessionId);
    try {
      log.info("Rejected edit {}/{}: {} {}", r.record().src(), r.record().seq(), r.record().code(), r.record().message());
    } finally {
      MDC.remove(SessionLogContext.KEY);
    }
  }
}
