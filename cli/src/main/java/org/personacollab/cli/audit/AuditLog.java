package org.personacollab.cli.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The audit topic through a stock {@link KafkaConsumer}: every partition assigned by hand (no
 * consumer group, nothing committed), {@code read_committed} (records of aborted sequencer
 * transactions are never seen, see docs/audit-events.md), and only the records whose key is the
 * session id kept. A session's events are all in one partition, in order.
 *
 * <p>Reading "everything so far" stops at the end offsets taken when reading starts: with
 * {@code read_committed} that is the last stable offset, so a transaction still open then is not
 * waited for.
 */
final class AuditLog implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaOptions options;
  private final String topic;

  private AuditLog(KafkaConsumer<String, byte[]> consumer, KafkaOptions options) {
    this.consumer = consumer;
    this.options = options;
    this.topic = options.topic();
  }

  /** A consumer of the audit topic; nothing is read or connected yet. */
  static AuditLog open(KafkaOptions options) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "persona-cli-audit");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    try {
      return new AuditLog(new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()), options);
    } catch (KafkaException e) {
      throw new CliException("cannot use Kafka at '" + options.bootstrap + "': " + rootMessage(e) + " (see --bootstrap)", e);
    }
  }

  String topic() {
    return topic;
  }

  /** Every committed event of {@code sessionId}, from the first, up to the end of the log as it is now. */
  List<AuditRecord> readAll(String sessionId) {
    List<TopicPartition> partitions = assign();
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = kafka(() -> consumer.endOffsets(partitions, options.timeout()));
    List<AuditRecord> records = new ArrayList<>();
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (!reached(end)) {
      int before = records.size();
      long positions = positionSum(partitions);
      for (ConsumerRecord<String, byte[]> record : kafka(() -> consumer.poll(POLL))) {
        if (sessionId.equals(record.key())) {
          records.add(toRecord(record));
        }
      }
      if (records.size() > before || positionSum(partitions) > positions) {
        deadline = System.nanoTime() + options.timeout().toNanos();
      } else if (System.nanoTime() > deadline) {
        throw new CliException("reading " + topic + " from " + options.bootstrap + " made no progress for "
            + options.timeout().toSeconds() + " s; try again (or raise --kafka-timeout)");
      }
    }
    return records;
  }

  /**
   * Follows the session's events: from the first ({@code fromBeginning}) or from now on, until
   * {@code sink} returns false or {@link #wakeup()} is called.
   */
  void follow(String sessionId, boolean fromBeginning, Predicate<AuditRecord> sink) {
    List<TopicPartition> partitions = assign();
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      positionSum(partitions); // fix the start now: events from here on are shown
    }
    try {
      while (true) {
        for (ConsumerRecord<String, byte[]> record : kafka(() -> consumer.poll(POLL))) {
          if (sessionId.equals(record.key()) && !sink.test(toRecord(record))) {
            return;
          }
        }
      }
    } catch (WakeupException e) {
      // asked to stop (Ctrl-C)
    }
  }

  /** Makes a blocked {@link #follow} return; callable from any thread. */
  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(1));
  }

  private List<TopicPartition> assign() {
    List<PartitionInfo> infos = kafka(() -> consumer.partitionsFor(topic, options.timeout()));
    if (infos == null || infos.isEmpty()) {
      throw new CliException("Kafka at " + options.bootstrap + " has no topic " + topic
          + " (is --topic-prefix right? has the system recorded anything yet?)");
    }
    List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    return partitions;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (kafka(() -> consumer.position(e.getKey(), options.timeout())) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private long positionSum(List<TopicPartition> partitions) {
    long sum = 0;
    for (TopicPartition p : partitions) {
      sum += kafka(() -> consumer.position(p, options.timeout()));
    }
    return sum;
  }

  private static AuditRecord toRecord(ConsumerRecord<String, byte[]> record) {
    String raw = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    return new AuditRecord(record.partition(), record.offset(), parse(raw), raw);
  }

  private static @Nullable JsonNode parse(String raw) {
    try {
      JsonNode node = Json.MAPPER.readTree(raw);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Runs a Kafka call; a timeout or client error becomes one sentence for the user. */
  private <T> T kafka(KafkaCall<T> call) {
    try {
      return call.run();
    } catch (TimeoutException e) {
      throw new CliException("no answer from Kafka at " + options.bootstrap + " within " + options.timeout().toSeconds()
          + " s; is it running? (see --bootstrap)", e);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      throw new CliException("reading " + topic + " from Kafka at " + options.bootstrap + " failed: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  @FunctionalInterface
  private interface KafkaCall<T> {
    T run();
  }
}
