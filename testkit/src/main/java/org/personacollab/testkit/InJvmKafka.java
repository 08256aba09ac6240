package org.personacollab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka 4 broker in this JVM: one KRaft node in combined mode (broker and controller).
 *
 * <h2>Why KafkaClusterTestKit and not EmbeddedKafkaKraftBroker</h2>
 * spring-kafka-test's {@code EmbeddedKafkaKraftBroker} is a thin wrapper over Kafka's own
 * {@link KafkaClusterTestKit}, and it hides three things that broker-restart tests need: it keeps the
 * cluster private (no way to stop and start the node), it ignores {@code kafkaPorts(...)} (its javadoc
 * says so) and its {@code destroy()} deletes the log directory. The test kit itself pre-binds each
 * listener's port once and rebinds the same port when a server restarts, and keeps its directory
 * until {@link #close()}. So this class uses the test kit directly with the same settings the
 * wrapper applies (and the same {@link Exit} override, so that a broker fatal error cannot end the
 * test JVM).
 *
 * <h2>Broker settings</h2>
 * {@link #BROKER_PROPERTIES}: replication factor 1 and {@code min.isr} 1 for the internal topics so
 * that transactions and consumer groups work on one node; one partition for each internal topic so
 * that coordinators load at once; no initial rebalance delay; {@value #DEFAULT_PARTITIONS}
 * partitions for topics created without a count. Automatic topic creation stays on, as in the
 * {@code apache/kafka} image that the Docker path runs, so the two paths behave the same; tests
 * that care about partition counts create their topics with {@link Infra#createTopics(Map)}.
 * The metadata version is the latest production one of this Kafka release, not the test kit's
 * default of the newest unstable version.
 */
final class InJvmKafka implements KafkaBackend {

    static final int DEFAULT_PARTITIONS = 4;

    static final Map<String, String> BROKER_PROPERTIES = brokerProperties();

    private static Map<String, String> brokerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A crashed sequencer's open transaction holds back read_committed readers until it
        // times out and the broker aborts it; check for that every second, not every ten.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
        p.put("auto.create.topics.enable", "true");
        p.put("delete.topic.enable", "true");
        p.put("unstable.api.versions.enable", "false");
        p.put("unstable.feature.versions.enable", "false");
        return Collections.unmodifiableMap(p);
    }

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Path logDirectory;
    private boolean running;

    private InJvmKafka(KafkaClusterTestKit cluster, Path logDirectory) {
        this.cluster = cluster;
        this.logDirectory = logDirectory;
        this.bootstrapServers = cluster.bootstrapServers();
        this.running = true;
    }

    /** Formats a fresh log directory and starts the node; returns once the broker is ready. */
    static InJvmKafka startNew() {
        overrideExit();
        Path dir;
        try {
            dir = Files.createTempDirectory("persona-testkit-kafka-");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create a log directory for the in-JVM Kafka broker", e);
        }
        KafkaClusterTestKit cluster = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setBaseDirectory(dir)
                    .build());
            BROKER_PROPERTIES.forEach(builder::setConfigProp);
            builder.setDeleteOnClose(true);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InJvmKafka(cluster, dir);
        }
        catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                }
                catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Failed to start the in-JVM Kafka broker in " + dir + ": " + e, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String description() {
        return "in-JVM KRaft at " + bootstrapServers;
    }

    Path logDirectory() {
        return logDirectory;
    }

    @Override
    public boolean restartable() {
        return true;
    }

    /**
     * Clean shutdown of broker then controller (the order of {@code KafkaRaftServer}): the log is
     * flushed, open transactions stay open in the transaction log, and the port stays reserved.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        for (BrokerServer broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
        for (ControllerServer controller : cluster.controllers().values()) {
            controller.shutdown();
            controller.awaitShutdown();
        }
        running = false;
    }

    /** Starts controller then broker on the same directories and ports, and waits until ready. */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            for (ControllerServer controller : cluster.controllers().values()) {
                controller.startup();
            }
            for (BrokerServer broker : cluster.brokers().values()) {
                broker.startup();
            }
            cluster.waitForReadyBrokers();
        }
        catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Failed to restart the in-JVM Kafka broker at " + bootstrapServers + ": " + e, e);
        }
        running = true;
        String now = cluster.bootstrapServers();
        if (!now.equals(bootstrapServers)) {
            throw new IllegalStateException("The restarted broker listens at " + now + ", not at " + bootstrapServers);
        }
    }

    /** Shuts the node down and deletes its log directory. */
    @Override
    public synchronized void close() {
        try {
            cluster.close();
        }
        catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Failed to stop the in-JVM Kafka broker: " + e, e);
        }
        finally {
            running = false;
        }
    }

    /** As EmbeddedKafkaKraftBroker does: a broker that wants to exit or halt must not end the JVM. */
    private static void overrideExit() {
        Exit.setExitProcedure((status, message) -> System.err.println(
                "[testkit] in-JVM Kafka asked to exit(" + status + "): " + message + " (ignored)"));
        Exit.setHaltProcedure((status, message) -> System.err.println(
                "[testkit] in-JVM Kafka asked to halt(" + status + "): " + message + " (ignored)"));
    }
}
