package org.personacollab.sync.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * Rebuilds the sessions of one partition from Kafka alone: the latest snapshot of each session
 * and the partition's checkpoint from the compacted snapshots topic, then every op of the ops
 * partition from the checkpoint's offset on, folded into the snapshots, and the audit events
 * after the checkpoint's audit offset, which give each session's audit chain head. Both topics are read with
 * read_committed, to their last stable offset, so the result is exactly what committed
 * transactions produced. Blocking; runs on the consumer thread while the partition is being
 * assigned, so no edit of the partition is sequenced before its sessions are rebuilt.
 */
final class SessionRebuilder {
  private static final Logger log = LoggerFactory.getLogger(SessionRebuilder.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** The sessions of a partition, the ops replayed per session, and the last ops offset seen. */
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

  Result rebuild(int partition) {
    long started = System.nanoTime();
    Map<String, SessionDocument> sessions = new HashMap<>();
    long[] checkpoint = {0, 0};
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      readAll(consumer, new TopicPartition(kafka.topics().snapshots(), partition), 0, record -> {
        SnapshotRecord snapshot = decode(record, SnapshotRecord.class);
        if (snapshot instanceof SnapshotRecord.Snapshot s) {
          SessionDocument known = sessions.get(s.sessionId());
          if (known == null || known.version() < s.v()) {
            sessions.put(s.sessionId(),
                new SessionDocument(s.sessionId(), s.v(), JsonCodec.parse(s.snapshot().toString()), s.marks(), List.of(), s.audit()));
          }
        } else if (snapshot instanceof SnapshotRecord.Checkpoint c) {
          checkpoint[0] = Math.max(checkpoint[0], c.opsOffset());
          checkpoint[1] = Math.max(checkpoint[1], c.auditOffsetOrStart());
        }
      });
      Map<String, List<OpsRecord.Sequenced>> replayed = new HashMap<>();
      long[] last = {checkpoint[0] - 1};
      long[] count = {0};
      readAll(consumer, new TopicPartition(kafka.topics().ops(), partition), checkpoint[0], record -> {
        last[0] = record.offset();
        OpsRecord op = decode(record, OpsRecord.class);
        if (op == null) return;
        SessionDocument state = sessions.getOrDefault(op.sessionId(), SessionDocument.empty(op.sessionId()));
        SessionDocument next = sequencer.replay(state, op);
        if (next != state) sessions.put(op.sessionId(), next);
        if (op instanceof OpsRecord.Sequenced s && next.version() > state.version()) {
          replayed.computeIfAbsent(s.sessionId(), k -> new ArrayList<>()).add(s);
          count[0]++;
        }
      });
      // The audit chain heads: the last audit event of each session since the checkpoint.
      long[] lastAudit = {checkpoint[1] - 1};
      readAll(consumer, new TopicPartition(kafka.topics().audit(), partition), checkpoint[1], record -> {
        lastAudit[0] = record.offset();
        AuditEvent event = decode(record, AuditEvent.class);
        if (event == null) return;
        SessionDocument state = sessions.getOrDefault(event.subject(), SessionDocument.empty(event.subject()));
        if (state.audit() == null || state.audit().sequence() < event.sequence()) {
          sessions.put(event.subject(), state.withAudit(AuditChain.headOf(event)));
        }
      });
      log.info("Rebuilt partition {}: {} sessions, {} ops replayed from offset {} in {} ms", partition, sessions.size(),
          count[0], checkpoint[0], (System.nanoTime() - started) / 1_000_000);
      return new Result(sessions, replayed, last[0], lastAudit[0]);
    }
  }

  private <T> T decode(ConsumerRecord<String, byte[]> record, Class<T> type) {
    try {
      return codec.read(record.value(), type);
    } catch (ProtocolException e) {
      log.error("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      return null;
    }
  }

  /** Reads a partition from {@code from} to its last stable offset (read_committed). */
  private static void readAll(
      KafkaConsumer<String, byte[]> consumer,
      TopicPartition partition,
      long from,
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    while (consumer.position(partition) < end) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(partition)) {
        if (record.value() != null) each.accept(record);
      }
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Properties props = new Properties();
    props.putAll(kafka.adminConfig());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }
}
