package org.personacollab.session.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;

/** Reads {@code <prefix>edits} from the beginning, as the sequencer would, and keeps everything it saw. */
public final class EditsReader implements AutoCloseable {
  private static final WireCodec CODEC = new WireCodec();

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
  private boolean assigned;

  public EditsReader(String bootstrapServers, String topic) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
  }

  /**
   * The session's records in log order once {@code done} holds for them; fails after
   * {@code timeout} showing what arrived.
   */
  public synchronized List<EditRecord> await(String sessionId, Predicate<List<EditRecord>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      poll();
      List<EditRecord> mine = of(sessionId);
      if (done.test(mine)) return mine;
      if (System.nanoTime() > deadline) throw new AssertionError("Timed out waiting for records of " + sessionId + "; got " + mine);
    }
  }

  /** Waits until the session has a record of each of these event types, then returns all its records. */
  public List<EditRecord> awaitEvents(String sessionId, String... types) {
    return await(sessionId, records -> {
      List<String> got = records.stream().filter(EditRecord::carriesEvent).map(r -> r.event().path("type").asString()).toList();
      for (String type : types) if (!got.contains(type)) return false;
      return true;
    }, Duration.ofSeconds(20));
  }

  /** The session's event records of one type, after waiting for at least one. */
  public List<EditRecord> events(String sessionId, String type) {
    return awaitEvents(sessionId, type).stream()
        .filter(r -> r.carriesEvent() && type.equals(r.event().path("type").asString()))
        .toList();
  }

  private List<EditRecord> of(String sessionId) {
    return seen.stream().filter(r -> sessionId.equals(r.key())).map(r -> CODEC.read(r.value(), EditRecord.class)).toList();
  }

  private void poll() {
    if (!assigned) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (partitions == null || partitions.isEmpty()) return;
      List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      assigned = true;
    }
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
