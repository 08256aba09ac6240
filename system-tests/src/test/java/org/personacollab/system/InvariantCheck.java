package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.testkit.Infra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invariants checked after every end-to-end run (DESIGN §3.1): for every session the system
 * touched, the op log is gap-free from version 0, and folding it over the empty document with
 * the reference json0 engine gives exactly the stored snapshot at the stored version; and the
 * session's audit log (Kafka {@code persona.audit}, read committed as an external consumer
 * would) is an unbroken hash chain with exactly one {@code op.sequenced} event for every
 * sequenced op, whatever crashed meanwhile.
 */
final class InvariantCheck {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private InvariantCheck() {}

  /** The version of a session in the sequencer's read model. */
  static long storedVersion(RunningSystem system, String sessionId) {
    RedisClient client = RedisClient.create(Infra.get().redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String v = connection.sync().hget(system.prefix + ":doc:" + sessionId, "v");
      return v == null ? 0 : Long.parseLong(v);
    } finally {
      client.shutdown();
    }
  }

  /** Checks every session under the system's key prefix; returns how many were checked. */
  static int afterAll(RunningSystem system) {
    Infra infra = Infra.get();
    RedisClient client = RedisClient.create(infra.redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      List<String> docs = redis.keys(system.prefix + ":doc:*");
      Map<String, List<JsonNode>> audit = auditBySession(system.prefix + ".audit");
      for (String docKey : docs) {
        String sessionId = docKey.substring(docKey.lastIndexOf(':') + 1);
        Map<String, String> doc = redis.hgetall(docKey);
        long version = Long.parseLong(doc.get("v"));
        Object snapshot = JsonCodec.parse(JSON.readTree(doc.get("doc")).get("snapshot").toString());
        List<String> ops = redis.zrange(system.prefix + ":ops:" + sessionId, 0, -1);
        assertThat(ops).as("ops of %s", sessionId).hasSize((int) version);
        Object folded = JsonCodec.parse("{}");
        for (int v = 0; v < ops.size(); v++) {
          JsonNode record = JSON.readTree(ops.get(v));
          assertThat(record.path("v").asLong()).as("op %d of %s", v, sessionId).isEqualTo(v);
          folded = Json0.apply(folded, Op.parse(record.get("op").toString()));
        }
        assertThat(JsonCodec.canonical(folded)).as("fold of %s's op log", sessionId).isEqualTo(JsonCodec.canonical(snapshot));

        List<JsonNode> events = audit.getOrDefault(sessionId, List.of());
        assertThat(AuditChain.verify(events)).as("audit chain of %s", sessionId).isNull();
        List<Long> audited =
            events.stream()
                .filter(e -> e.path("type").asString().equals("org.personacollab.op.sequenced"))
                .map(e -> e.path("data").path("v").asLong())
                .sorted()
                .toList();
        assertThat(audited)
            .as("versions of %s's op.sequenced audit events: each sequenced op exactly once", sessionId)
            .isEqualTo(LongStream.range(0, version).boxed().toList());
      }
      return docs.size();
    } finally {
      client.shutdown();
    }
  }

  /** The committed audit events of one session, in log order. */
  static List<JsonNode> auditOf(RunningSystem system, String sessionId) {
    return auditBySession(system.prefix + ".audit").getOrDefault(sessionId, List.of());
  }

  /** Every committed event of the audit topic, by session (the record key), in log order. */
  private static Map<String, List<JsonNode>> auditBySession(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    Map<String, List<JsonNode>> bySession = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime()).as("audit topic %s read to its end in time", topic).isLessThan(deadline);
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          bySession.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
        }
      }
    }
    return bySession;
  }
}
