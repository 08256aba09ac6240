package org.personacollab.sync.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.OpsRecord;

/**
 * Reads a session's committed ops back from its {@code persona.ops} partition, for the read model
 * when it lacks some (the instance that committed them died before storing them). The ops wanted
 * are usually just before the partition's last checkpoint, so the partition is read backwards in
 * windows that double in size, from its last stable offset, and the reading stops as soon as
 * every wanted version has been found, or an op of the session older than them has (a session's
 * ops are in version order within its partition), or the partition's start has been read.
 * Blocking; meant for a thread that may block.
 */
final class OpsLogReader {
  private static final int FIRST_WINDOW = 2_000;
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final Duration timeout;

  OpsLogReader(KafkaSettings kafka, WireCodec codec, Duration timeout) {
    this.kafka = kafka;
    this.codec = codec;
    this.timeout = timeout;
  }

  /**
   * The sequenced ops of {@code sessionId} with {@code from <= v < to}, in version order; fewer
   * than {@code to - from} if the log no longer holds them all (the caller decides what then).
   *
   * @throws org.apache.kafka.common.errors.TimeoutException if the reading takes longer than the
   *     timeout this reader was made with
   */
  List<OpsRecord.Sequenced> read(int partition, String sessionId, long from, long to) {
    TopicPartition tp = new TopicPartition(kafka.topics().ops(), partition);
    long deadline = System.nanoTime() + timeout.toNanos();
    TreeMap<Long, OpsRecord.Sequenced> found = new TreeMap<>();
    boolean passedFrom = false;
    try (KafkaConsumer<String, byte[]> consumer = SessionRebuilder.committedReader(kafka)) {
      consumer.assign(List.of(tp));
      long start = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
      long high = consumer.endOffsets(List.of(tp), timeout).get(tp);
      long window = FIRST_WINDOW;
      while (found.size() < to - from && !passedFrom && high > start) {
        long low = Math.max(start, high - window);
        consumer.seek(tp, low);
        while (consumer.position(tp) < high) {
          if (System.nanoTime() > deadline) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                "reading ops " + from + "–" + (to - 1) + " of " + sessionId + " from " + tp + " took over " + timeout);
          }
          for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            if (record.offset() >= high || record.value() == null || !sessionId.equals(record.key())) continue;
            OpsRecord op = SessionRebuilder.decode(codec, record, OpsRecord.class);
            if (op instanceof OpsRecord.Sequenced s && s.sessionId().equals(sessionId)) {
              if (s.v() < from) passedFrom = true;
              else if (s.v() < to) found.putIfAbsent(s.v(), s);
            }
          }
        }
        high = low;
        window *= 2;
      }
    }
    return new ArrayList<>(found.values());
  }
}
