package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker that {@code persona up} runs: a real KRaft Kafka in a child JVM, whose data survives
 * a stop and a second start on the same directory (a second {@code persona up} loses nothing).
 */
class KafkaBrokerProcessIntegrationTest {

  private static final Duration READY = Duration.ofSeconds(90);
  private static final String TOPIC = "persona.it-test";

  @TempDir Path dataDir;

  @Test
  void transactionalRecord_survivesStopAndRestartOnSameDataDir() throws Exception {
    int port = Ports.freePort();
    int controllerPort = Ports.freePort();
    Path log = dataDir.resolve("logs").resolve("kafka.log");
    String clusterId;

    // Given a fresh broker, when a transactional producer commits one record ...
    long t0 = System.nanoTime();
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dataDir.resolve("kafka"), port, controllerPort, log)) {
      broker.awaitReady(READY);
      System.out.printf("broker (format + start) ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
      assertThat(dataDir.resolve("kafka/data/meta.properties")).exists();
      clusterId = Files.readString(dataDir.resolve("kafka/cluster.id")).strip();
      assertThat(Files.readString(dataDir.resolve("kafka/data/meta.properties"))).contains(clusterId);

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker))) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "session-1", "op-1")).get();
        producer.commitTransaction();
      }
      // ... a read_committed consumer sees it.
      assertThat(readAll(broker)).containsExactly("session-1=op-1");

      broker.stop(Duration.ofSeconds(20));
      assertThat(broker.isAlive()).isFalse();
      assertThat(broker.describeExit())
          .as("SIGTERM lets the broker shut down on its own").isEqualTo("exited with code 143");
    }
    assertThat(Ports.isFree(port)).isTrue();

    // When the broker is started again on the same directory (no new format) ...
    long t1 = System.nanoTime();
    try (KafkaBrokerProcess again = KafkaBrokerProcess.start(dataDir.resolve("kafka"), port, controllerPort, log)) {
      again.awaitReady(READY);
      System.out.printf("broker restart ready in %.1f s%n", (System.nanoTime() - t1) / 1e9);

      // ... then the committed record is still there, and the cluster is the same one.
      assertThat(readAll(again)).containsExactly("session-1=op-1");
      assertThat(Files.readString(dataDir.resolve("kafka/cluster.id")).strip()).isEqualTo(clusterId);
      assertThat(again.logTail(2_000)).contains("Kafka Server started");
    }

    // The broker's output went to its log file: both runs, each after a header line.
    String logText = Files.readString(log);
    assertThat(logText.split("===== persona: starting kafka storage format", -1))
        .as("formatted once, on the first start only").hasSize(2);
    assertThat(logText.split("===== persona: starting kafka at", -1)).hasSize(3);
    String header = "===== persona: starting kafka at";
    int first = logText.indexOf(header);
    String firstRun = logText.substring(first, logText.indexOf(header, first + 1));
    assertThat(firstRun)
        .as("the first stop was a clean shutdown, not a kill")
        .contains("[BrokerServer id=1] shut down completed");
  }

  @Test
  void serverProperties_singleNodeWithReplicationFactorsOne() {
    String properties = KafkaBrokerProcess.serverProperties(Path.of("/data/kafka/data"), 19092, 19093);

    assertThat(properties.lines())
        .contains(
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@localhost:19093",
            "listeners=PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093",
            "advertised.listeners=PLAINTEXT://localhost:19092",
            "controller.listener.names=CONTROLLER",
            "log.dirs=/data/kafka/data",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0");
  }

  private static Properties producerConfig(KafkaBrokerProcess broker) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return config;
  }

  /** Every committed record of the topic, read by a new consumer group from the beginning. */
  private static List<String> readAll(KafkaBrokerProcess broker) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          records.add(record.key() + "=" + record.value());
        }
      }
      // one more poll: a duplicate would show up here
      consumer.poll(Duration.ofMillis(500)).forEach(r -> records.add(r.key() + "=" + r.value()));
    }
    return records;
  }
}
