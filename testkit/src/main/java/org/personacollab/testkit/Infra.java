package org.personacollab.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka broker and the Redis that tests in this JVM share.
 *
 * <p>{@link #get()} starts both on first use and returns the same instance for the life of the JVM;
 * a JVM shutdown hook stops what was started here (the in-JVM broker and its log directory, an
 * embedded Redis process, containers). Test classes isolate their data by name: take a
 * {@link #uniquePrefix()} per class and use {@code prefix + "."} before topic names and
 * {@code prefix + ":"} before Redis keys, which is what {@link #springProperties(String)} hands to a
 * service under test.
 *
 * <h2>Where Kafka and Redis come from</h2>
 * <table>
 *   <caption>Selection rules (first match wins)</caption>
 *   <tr><th>Condition</th><th>Kafka</th><th>Redis</th></tr>
 *   <tr><td>{@code PERSONA_TEST_KAFKA=host:port} / {@code PERSONA_TEST_REDIS=host:port}</td>
 *       <td>that cluster</td><td>that server</td></tr>
 *   <tr><td>a Docker daemon answers (and not {@code PERSONA_TEST_DOCKER=false})</td>
 *       <td>Testcontainers {@code apache/kafka:4.1.2}</td><td>Testcontainers {@code redis:7}</td></tr>
 *   <tr><td>otherwise</td><td>in-JVM KRaft broker</td>
 *       <td>{@code localhost:6379} if it answers PING within 500 ms, else embedded redis-server 6.2</td></tr>
 * </table>
 * One line saying what was chosen, and why, goes to standard error at start.
 *
 * <h2>Failure</h2>
 * If start-up fails, {@code get()} throws, and every later call in the same JVM throws at once with
 * the first failure as the cause, rather than trying again for each test class.
 */
public final class Infra {

    private static final Object LOCK = new Object();
    private static @Nullable Infra shared;
    private static @Nullable RuntimeException startFailure;

    private static final AtomicLong PREFIX_COUNTER = new AtomicLong();
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaBackend kafka;
    private final RedisBackend redis;
    private final AtomicBoolean closed = new AtomicBoolean();

    Infra(KafkaBackend kafka, RedisBackend redis) {
        this.kafka = kafka;
        this.redis = redis;
    }

    /**
     * The shared infrastructure of this JVM, started on the first call (a few seconds for the
     * in-JVM broker) and the same instance afterwards. Thread-safe.
     *
     * @throws IllegalStateException if it cannot start, now or on an earlier call
     * @throws IllegalArgumentException if a {@code PERSONA_TEST_*} variable is malformed
     */
    public static Infra get() {
        synchronized (LOCK) {
            if (shared != null) {
                return shared;
            }
            if (startFailure != null) {
                throw new IllegalStateException("The test infrastructure failed to start earlier in this JVM: "
                        + startFailure.getMessage(), startFailure);
            }
            try {
                Map<String, String> env = System.getenv();
                Infra infra = start(InfraSelector.select(env, new SystemProbes(env)));
                Runtime.getRuntime().addShutdownHook(new Thread(infra::closeQuietly, "testkit-shutdown"));
                shared = infra;
                return infra;
            }
            catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
    }

    static Infra start(InfraSelector.Plan plan) {
        long t0 = System.nanoTime();
        KafkaBackend kafka = startKafka(plan.kafka());
        long t1 = System.nanoTime();
        RedisBackend redis;
        try {
            redis = startRedis(plan.redis());
        }
        catch (RuntimeException e) {
            try {
                kafka.close();
            }
            catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        long t2 = System.nanoTime();
        Infra infra = new Infra(kafka, redis);
        System.err.printf("[testkit] %s (Kafka ready in %d ms, Redis in %d ms; %s)%n", infra.describe(),
                TimeUnit.NANOSECONDS.toMillis(t1 - t0), TimeUnit.NANOSECONDS.toMillis(t2 - t1),
                String.join("; ", plan.notes()));
        return infra;
    }

    private static KafkaBackend startKafka(InfraSelector.KafkaSource source) {
        if (source instanceof InfraSelector.KafkaSource.External external) {
            return new KafkaBackend.External(external.bootstrapServers());
        }
        if (source instanceof InfraSelector.KafkaSource.Container) {
            return ContainerInfra.startKafka();
        }
        return InJvmKafka.startNew();
    }

    private static RedisBackend startRedis(InfraSelector.RedisSource source) {
        if (source instanceof InfraSelector.RedisSource.External external) {
            return new RedisBackend.Existing(external.host(), external.port(), "external (" + InfraSelector.ENV_REDIS + ")");
        }
        if (source instanceof InfraSelector.RedisSource.Local local) {
            return new RedisBackend.Existing(local.host(), local.port(), "local");
        }
        if (source instanceof InfraSelector.RedisSource.Container) {
            return ContainerInfra.startRedis();
        }
        return EmbeddedRedis.start();
    }

    /** {@code host:port[,host:port]} of the broker; the same across {@link #restartKafka()}. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * A plain (not transactional) producer of string keys and byte values to the test broker, as
     * tests write edits and events; the caller closes it.
     */
    public KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    public String redisHost() {
        return redis.host();
    }

    public int redisPort() {
        return redis.port();
    }

    /** {@code redis://host:port}, as Lettuce's {@code RedisClient.create(String)} takes it. */
    public String redisUri() {
        return "redis://" + redis.host() + ":" + redis.port();
    }

    /**
     * A name prefix no other caller in this or any other JVM gets: {@code "t"}, a base-36 counter,
     * {@code "-"} and six random base-36 characters, e.g. {@code "t1a-k3j9x2"}. Lower case, usable
     * in topic names and Redis keys; add {@code "."} or {@code ":"} as the separator.
     */
    public String uniquePrefix() {
        return newPrefix();
    }

    static String newPrefix() {
        long random = ThreadLocalRandom.current().nextLong(2_176_782_336L); // 36^6
        String suffix = Long.toString(random, 36);
        return "t" + Long.toString(PREFIX_COUNTER.incrementAndGet(), 36) + "-" + "0".repeat(6 - suffix.length()) + suffix;
    }

    /**
     * Spring properties that point a service at this infrastructure, isolated by the prefix:
     * <ul>
     *   <li>{@code persona.kafka.bootstrap-servers} and {@code spring.kafka.bootstrap-servers}</li>
     *   <li>{@code persona.kafka.topic-prefix} = {@code prefix + "."}</li>
     *   <li>{@code persona.redis.key-prefix} = {@code prefix + ":"}</li>
     *   <li>{@code spring.data.redis.host}, {@code spring.data.redis.port}</li>
     * </ul>
     * With {@code @DynamicPropertySource}:
     * {@code Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));}
     *
     * @param prefix letters, digits and dashes, starting with a letter or digit, e.g. a {@link #uniquePrefix()}
     * @throws IllegalArgumentException if the prefix is not of that form
     */
    public Map<String, String> springProperties(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be letters, digits and '-' (it becomes '"
                    + prefix + ".' for topics and '" + prefix + ":' for keys), was '" + prefix + "'");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("persona.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("persona.kafka.topic-prefix", prefix + ".");
        properties.put("persona.redis.key-prefix", prefix + ":");
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.data.redis.host", redisHost());
        properties.put("spring.data.redis.port", Integer.toString(redisPort()));
        return Collections.unmodifiableMap(properties);
    }

    /** For example {@code "Kafka: in-JVM KRaft at localhost:40123; Redis: local at localhost:6379"}. */
    public String describe() {
        return "Kafka: " + kafka.description() + "; Redis: " + redis.description();
    }

    /**
     * Creates the topics that do not exist yet, with the broker's default replication factor, and
     * returns once every partition has a leader. Topics that exist are left alone if their partition
     * count matches; calling this twice with the same map is harmless.
     *
     * @param nameToPartitions topic name (letters, digits, {@code . _ -}) to partition count (at least 1)
     * @throws IllegalStateException if a topic exists with another partition count, or the broker
     *         does not answer within 30 s
     */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        nameToPartitions.forEach((name, partitions) -> {
            if (!TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("Not a legal topic name: '" + name + "'");
            }
            if (partitions == null || partitions < 1) {
                throw new IllegalArgumentException("Topic '" + name + "' needs at least 1 partition, was " + partitions);
            }
        });
        if (nameToPartitions.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProperties())) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            nameToPartitions.forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
                }
            });
            if (!missing.isEmpty()) {
                for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
                    try {
                        created.getValue().get(remaining(deadline), TimeUnit.MILLISECONDS);
                    }
                    catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) { // created concurrently: fine
                            throw new IllegalStateException("Cannot create topic '" + created.getKey() + "': " + e.getCause(), e.getCause());
                        }
                    }
                }
            }
            awaitLeaders(admin, nameToPartitions, deadline);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + nameToPartitions.keySet(), e);
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + nameToPartitions.keySet() + " at "
                    + kafkaBootstrapServers() + ": " + e, e);
        }
    }

    private static void awaitLeaders(Admin admin, Map<String, Integer> expected, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            Map<String, TopicDescription> descriptions;
            try {
                descriptions = admin.describeTopics(expected.keySet()).allTopicNames()
                        .get(remaining(deadline), TimeUnit.MILLISECONDS);
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || remaining(deadline) <= 1) {
                    throw e;
                }
                Thread.sleep(50); // metadata not yet on the broker that answered
                continue;
            }
            boolean ready = true;
            for (Map.Entry<String, Integer> entry : expected.entrySet()) {
                TopicDescription description = descriptions.get(entry.getKey());
                int actual = description.partitions().size();
                if (actual != entry.getValue()) {
                    throw new IllegalStateException("Topic '" + entry.getKey() + "' exists with " + actual
                            + " partitions, not the " + entry.getValue() + " asked for");
                }
                ready &= description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            }
            if (ready) {
                return;
            }
            if (remaining(deadline) <= 1) {
                throw new TimeoutException("partitions of " + expected.keySet() + " have no leader yet");
            }
            Thread.sleep(50);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "testkit-admin");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(ADMIN_TIMEOUT.toMillis()));
        return properties;
    }

    /**
     * Whether {@link #stopKafka()}, {@link #startKafka()} and {@link #restartKafka()} work here: only
     * with the in-JVM broker (not with Testcontainers or {@code PERSONA_TEST_KAFKA}). A test that needs
     * a restart can check this in an assumption.
     */
    public boolean kafkaRestartSupported() {
        return kafka.restartable();
    }

    /**
     * Stops the broker cleanly (log flushed) and returns once it is down; its port stays reserved.
     * Clients see a broker that is gone until {@link #startKafka()}. Every test class of the JVM
     * shares the broker, so a test that stops it must start it again (in a {@code finally}).
     *
     * @throws UnsupportedOperationException unless {@link #kafkaRestartSupported()}
     */
    public synchronized void stopKafka() {
        kafka.stop();
    }

    /**
     * Starts the broker stopped by {@link #stopKafka()} on the same log directory and the same
     * address, and returns once it is ready. Committed records, committed group offsets and the
     * transactional state of producers survive (a transactional producer carries on). No-op if it is running.
     *
     * @throws UnsupportedOperationException unless {@link #kafkaRestartSupported()}
     */
    public synchronized void startKafka() {
        kafka.start();
    }

    /**
     * {@link #stopKafka()} then {@link #startKafka()}: a clean broker restart (about a second) on the
     * same log directory and bootstrap address. A hard kill is not offered: the in-JVM broker shares
     * the test JVM.
     *
     * @throws UnsupportedOperationException unless {@link #kafkaRestartSupported()}
     */
    public synchronized void restartKafka() {
        stopKafka();
        startKafka();
    }

    /** Stops what this instance started, Kafka then Redis; each step bounded in time, errors printed. */
    void closeQuietly() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        runBounded("stop Kafka (" + kafka.description() + ")", kafka::close);
        runBounded("stop Redis (" + redis.description() + ")", redis::close);
    }

    private static void runBounded(String what, Runnable action) {
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                action.run();
            }
            catch (Throwable t) {
                failure.set(t);
            }
        }, "testkit-close");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(SHUTDOWN_TIMEOUT.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            System.err.println("[testkit] gave up waiting to " + what + " after " + SHUTDOWN_TIMEOUT.toSeconds() + " s");
        }
        Throwable error = failure.get();
        if (error != null) {
            System.err.println("[testkit] failed to " + what + ": " + error);
        }
    }

    @Override
    public String toString() {
        return "Infra[" + describe() + "]";
    }
}
