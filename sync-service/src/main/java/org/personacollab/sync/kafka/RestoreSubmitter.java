package org.personacollab.sync.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;

/**
 * Submits a change made by the service on someone's behalf (a restore) to {@code persona.edits},
 * the path every participant's change takes, and waits for its outcome in {@code persona.ops}: the
 * sequencer (whichever instance owns the session) transforms and orders it like any op and answers
 * with the sequenced op or a nack, on the same partition number as the edit.
 *
 * <p>The ops partition's end offsets are read before the edit is sent, so the outcome cannot slip
 * past the reader. Blocking: call it on a thread that may block. One consumer per call (a restore is
 * a rare, deliberate act; nothing is kept open between calls).
 */
public final class RestoreSubmitter implements AutoCloseable {
  /** Longest time {@code send} may wait for the broker's metadata before it fails. */
  static final Duration MAX_BLOCK = Duration.ofSeconds(5);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CLOSE = Duration.ofMillis(500);

  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final KafkaProducer<String, byte[]> producer;

  public RestoreSubmitter(KafkaSettings kafka, WireCodec codec) {
    this.kafka = kafka;
    this.codec = codec;
    Map<String, Object> config = new HashMap<>(kafka.senderOptions("sync-restore").producerProperties());
    // send() blocks for metadata up to max.block.ms (10 s in the shared settings): bound it tighter
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
    this.producer = new KafkaProducer<>(config);
  }

  /**
   * Sends {@code edit} and returns what the sequencer made of it: {@link OpsRecord.Sequenced} or
   * {@link OpsRecord.Rejected}.
   *
   * @throws ApiException {@code unavailable} when the broker cannot be reached or no outcome
   *     arrives within {@code timeout} (the change may still be sequenced later: check the history
   *     before trying again)
   */
  public OpsRecord submit(EditRecord edit, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = new HashMap<>(kafka.receiverOptions("unused", "sync-restore").consumerProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
    try {
      String topic = kafka.topics().ops();
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofNanos(remaining(deadline))).stream()
          .map(p -> new TopicPartition(topic, ((PartitionInfo) p).partition()))
          .toList();
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofNanos(remaining(deadline)));
      RecordMetadata sent =
          producer.send(new ProducerRecord<>(kafka.topics().edits(), edit.sessionId(), codec.writeBytes(edit)))
              .get(remaining(deadline), TimeUnit.NANOSECONDS);
      TopicPartition partition = new TopicPartition(topic, sent.partition());
      consumer.assign(List.of(partition));
      consumer.seek(partition, ends.getOrDefault(partition, 0L));
      while (System.nanoTime() < deadline) {
        Duration wait = Duration.ofNanos(Math.min(remaining(deadline), POLL.toNanos()));
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
          if (!edit.sessionId().equals(record.key())) continue;
          OpsRecord ops;
          try {
            ops = codec.read(record.value(), OpsRecord.class);
          } catch (ProtocolException e) {
            continue;
          }
          if (ops instanceof OpsRecord.Sequenced s && s.src().equals(edit.src()) && s.seq() == edit.seq()) return s;
          if (ops instanceof OpsRecord.Rejected r && r.src().equals(edit.src()) && r.seq() == edit.seq()) return r;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unconfirmed(edit, timeout);
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw new ApiException(ErrorCode.UNAVAILABLE, "The change could not be sent to Kafka: " + e.getMessage());
    } finally {
      // close() waits up to 30 s by default (it has no group to leave, but may wait on the network)
      consumer.close(CLOSE);
    }
    throw unconfirmed(edit, timeout);
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static ApiException unconfirmed(EditRecord edit, Duration timeout) {
    return new ApiException(
        ErrorCode.UNAVAILABLE,
        "The restore of session " + edit.sessionId() + " was sent but not confirmed within " + timeout.toSeconds()
            + " s; look at the history before trying again.");
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
