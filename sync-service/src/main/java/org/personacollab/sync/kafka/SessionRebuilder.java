package org.personacollab.sync.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.sync.domain.Sequencer;
import org.personacollab.sync.domain.SessionDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the sessions of some partitions from Kafka alone, with one consumer for all of them:
 * the latest snapshot of each session and each partition's checkpoint from the compacted
 * snapshots topic; then every op of the ops partitions from their checkpoints' offsets, folded
 * into the snapshots; then the audit events after the checkpoints' audit offsets, which give each
 * session's audit chain head. Every topic is read with read_committed to its last stable offset,
 * so the result is exactly what committed transactions produced. Blocking; runs on the
 * sequencer's thread while the partitions are being assigned, so none of their edits is
 * sequenced before their sessions are rebuilt.
 */
final class SessionRebuilder {
  private static final Logger log = LoggerFactory.getLogger(SessionRebuilder.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** The sessions of a partition, the ops replayed per session, and the last offsets seen. */
  record Result(
      Map<String, SessionDocument> sessions,
      Map<String, List<OpsRecord.Sequenced>> replayed,
      long lastOpsOffset,
      long lastAuditOffset) {}

  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final Sequencer sequencer;

  SessionRebuilder(KafkaSettings kafka, WireCodec codec, Sequencer sequencer) {
    this.kafka = kafka;
    this.codec = codec;
    this.sequencer = sequencer;
  }

  Map<Integer, Result> rebuild(List<Integer> partitions) {
    long started = System.nanoTime();
    Map<Integer, Map<String, SessionDocument>> sessions = new HashMap<>();
    Map<Integer, long[]> checkpoints = new HashMap<>(); // {ops offset, audit offset}
    for (int p : partitions) {
      sessions.put(p, new HashMap<>());
      checkpoints.put(p, new long[] {0, 0});
    }
    Map<Integer, Map<String, List<OpsRecord.Sequenced>>> replayed = new HashMap<>();
    Map<Integer, Long> lastOps = new HashMap<>();
    Map<Integer, Long> lastAudit = new HashMap<>();
    long[] replayedCount = {0};
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      readAll(consumer, kafka.topics().snapshots(), partitions, p -> 0L, (p, record) -> {
        SnapshotRecord snapshot = decode(record, SnapshotRecord.class);
        if (snapshot instanceof SnapshotRecord.Snapshot s) {
          SessionDocument known = sessions.get(p).get(s.sessionId());
          // Read in log order: a later snapshot of the same version is newer (it may hold a
          // longer audit chain: events of other services do not change the version).
          if (known == null || known.version() <= s.v()) {
            sessions.get(p).put(s.sessionId(),
                new SessionDocument(s.sessionId(), s.v(), JsonCodec.parse(s.snapshot().toString()), s.marks(), List.of(), s.audit()));
          }
        } else if (snapshot instanceof SnapshotRecord.Checkpoint c) {
          long[] at = checkpoints.get(p);
          at[0] = Math.max(at[0], c.opsOffset());
          at[1] = Math.max(at[1], c.auditOffsetOrStart());
        }
      });
      readAll(consumer, kafka.topics().ops(), partitions, p -> checkpoints.get(p)[0], (p, record) -> {
        lastOps.put(p, record.offset());
        OpsRecord op = decode(record, OpsRecord.class);
        if (op == null) return;
        Map<String, SessionDocument> of = sessions.get(p);
        SessionDocument state = of.getOrDefault(op.sessionId(), SessionDocument.empty(op.sessionId()));
        SessionDocument next = sequencer.replay(state, op);
        if (next != state) of.put(op.sessionId(), next);
        if (op instanceof OpsRecord.Sequenced s && next.version() > state.version()) {
          replayed.computeIfAbsent(p, k -> new HashMap<>()).computeIfAbsent(s.sessionId(), k -> new ArrayList<>()).add(s);
          replayedCount[0]++;
        }
      });
      readAll(consumer, kafka.topics().audit(), partitions, p -> checkpoints.get(p)[1], (p, record) -> {
        lastAudit.put(p, record.offset());
        AuditEvent event = decode(record, AuditEvent.class);
        if (event == null) return;
        Map<String, SessionDocument> of = sessions.get(p);
        SessionDocument state = of.getOrDefault(event.subject(), SessionDocument.empty(event.subject()));
        if (state.audit() == null || state.audit().sequence() < event.sequence()) {
          of.put(event.subject(), state.withAudit(AuditChain.headOf(event)));
        }
      });
    }
    Map<Integer, Result> results = new HashMap<>();
    for (int p : partitions) {
      results.put(p, new Result(
          sessions.get(p),
          replayed.getOrDefault(p, Map.of()),
          lastOps.getOrDefault(p, checkpoints.get(p)[0] - 1),
          lastAudit.getOrDefault(p, checkpoints.get(p)[1] - 1)));
    }
    log.info("Rebuilt partitions {}: {} sessions, {} ops replayed, in {} ms", partitions,
        sessions.values().stream().mapToInt(Map::size).sum(), replayedCount[0], (System.nanoTime() - started) / 1_000_000);
    return results;
  }

  private <T> @Nullable T decode(ConsumerRecord<String, byte[]> record, Class<T> type) {
    return decode(codec, record, type);
  }

  /** A record's value, or null (logged) if it cannot be decoded: one bad record must not stop a rebuild. */
  static <T> @Nullable T decode(WireCodec codec, ConsumerRecord<String, byte[]> record, Class<T> type) {
    try {
      return codec.read(record.value(), type);
    } catch (ProtocolException e) {
      log.error("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      return null;
    }
  }

  /** Reads partitions of a topic, each from its start offset to its last stable offset. */
  private static void readAll(
      KafkaConsumer<String, byte[]> consumer,
      String topic,
      List<Integer> partitions,
      java.util.function.IntFunction<Long> from,
      BiConsumer<Integer, ConsumerRecord<String, byte[]>> each) {
    List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    consumer.assign(tps);
    for (TopicPartition tp : tps) consumer.seek(tp, from.apply(tp.partition()));
    Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
    while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        if (record.value() != null && record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
          each.accept(record.partition(), record);
        }
      }
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return committedReader(kafka);
  }

  /** A consumer outside any group that reads committed records only, for reading topics back. */
  static KafkaConsumer<String, byte[]> committedReader(KafkaSettings kafka) {
    Properties props = new Properties();
    props.putAll(kafka.adminConfig());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }
}
