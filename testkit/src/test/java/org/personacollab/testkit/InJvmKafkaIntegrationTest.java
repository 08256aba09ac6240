package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.personacollab.testkit.KafkaClients.consumer;
import static org.personacollab.testkit.KafkaClients.pollUntil;
import static org.personacollab.testkit.KafkaClients.transactionalProducer;
import static org.personacollab.testkit.KafkaClients.values;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The in-JVM broker itself, on an instance of its own (not the shared one), so that these checks
 * hold whichever Kafka the rest of the JVM uses: its settings, and a restart on the same log
 * directory and address that keeps committed records, transactions and group offsets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InJvmKafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InJvmKafka kafka;
    private static long startMillis;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        kafka = InJvmKafka.startNew();
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.err.println("[testkit] private in-JVM broker ready in " + startMillis + " ms at " + kafka.bootstrapServers());
    }

    @AfterAll
    static void closeDeletesTheLogDirectory() {
        Path dir = kafka.logDirectory();
        assertThat(dir).isDirectory();

        kafka.close();

        assertThat(Files.exists(dir)).as("log directory %s after close", dir).isFalse();
    }

    private static Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(properties);
    }

    @Test
    @Order(1)
    void startNew_readyQuicklyOnLoopback() {
        assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");
        assertThat(kafka.description()).isEqualTo("in-JVM KRaft at " + kafka.bootstrapServers());
        assertThat(kafka.restartable()).isTrue();
        assertThat(startMillis).as("start-up time in ms").isLessThan(30_000);
    }

    @Test
    @Order(2)
    void brokerConfig_isTheTestkitSettings_atTheProductionMetadataVersion() throws Exception {
        try (Admin admin = admin()) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).hasSize(1);
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            InJvmKafka.BROKER_PROPERTIES.forEach((key, value) -> {
                if (!key.startsWith("unstable.")) { // internal settings, not listed by describeConfigs
                    assertThat(config.get(key)).as(key).isNotNull();
                    assertThat(config.get(key).value()).as(key).isEqualTo(value);
                }
            });
            short metadataLevel = admin.describeFeatures().featureMetadata().get()
                    .finalizedFeatures().get("metadata.version").maxVersionLevel();
            assertThat(metadataLevel).isEqualTo(MetadataVersion.LATEST_PRODUCTION.featureLevel());
        }
    }

    @Test
    @Order(3)
    void autoCreatedTopic_getsTheDefaultPartitionCount() throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(kafka.bootstrapServers(), Map.of());
                Admin admin = admin()) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(30, TimeUnit.SECONDS);

            int partitions = admin.describeTopics(List.of("auto-created")).allTopicNames().get()
                    .get("auto-created").partitions().size();
            assertThat(partitions).isEqualTo(InJvmKafka.DEFAULT_PARTITIONS);
        }
    }

    @Test
    @Order(4)
    void restart_sameAddressAndLog_keepsRecordsTransactionsAndGroupOffsets() throws Exception {
        String topic = "restart";
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "restart-tx");
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 1; i <= 5; i++) {
            producer.send(new ProducerRecord<>(topic, "s", "r" + i));
        }
        producer.commitTransaction();
        try (KafkaConsumer<String, String> group = consumer(bootstrap, "restart-group", "read_committed")) {
            group.subscribe(List.of(topic));
            assertThat(values(pollUntil(group, r -> r.size() >= 5, WAIT))).containsExactly("r1", "r2", "r3", "r4", "r5");
            group.commitSync();
        }

        long t0 = System.nanoTime();
        kafka.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        boolean listeningWhileStopped = listening(bootstrap);
        kafka.start();
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.err.println("[testkit] in-JVM broker stopped in " + stopMillis + " ms, restarted in " + restartMillis + " ms");

        assertThat(listeningWhileStopped).as("broker port open while stopped").isFalse();
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(listening(bootstrap)).isTrue();
        // the producer from before the restart carries on with its transactional id
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "s", "r6"));
        producer.commitTransaction();
        producer.close();
        try (KafkaConsumer<String, String> fresh = consumer(bootstrap, "restart-fresh", "read_committed")) {
            fresh.subscribe(List.of(topic));
            assertThat(values(pollUntil(fresh, r -> r.size() >= 6, WAIT)))
                    .containsExactly("r1", "r2", "r3", "r4", "r5", "r6");
        }
        try (KafkaConsumer<String, String> group = consumer(bootstrap, "restart-group", "read_committed")) {
            group.subscribe(List.of(topic));
            assertThat(values(pollUntil(group, r -> !r.isEmpty(), WAIT))).as("resumes after committed offset")
                    .containsExactly("r6");
        }
    }

    @Test
    @Order(5)
    void stopAndStart_areIdempotent() {
        String bootstrap = kafka.bootstrapServers();

        kafka.start(); // running: no-op
        kafka.stop();
        kafka.stop(); // stopped: no-op
        assertThat(listening(bootstrap)).isFalse();
        kafka.start();

        assertThat(listening(bootstrap)).isTrue();
        assertThatThrownBy(() -> new KafkaBackend.External("x:1").stop())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static boolean listening(String bootstrap) {
        String[] hostPort = bootstrap.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
