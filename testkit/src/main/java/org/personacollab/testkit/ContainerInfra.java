package org.personacollab.testkit;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Redis from Testcontainers, for machines with a Docker daemon. Kept apart so that the
 * no-Docker path never loads a Testcontainers class beyond the availability check.
 *
 * <p>The broker gets the same settings as the in-JVM one ({@link InJvmKafka#BROKER_PROPERTIES});
 * the {@code apache/kafka} image already sets the replication factors and {@code min.isr} to 1.
 * Containers are stopped by {@link #close()} and, if the JVM dies first, by Testcontainers' Ryuk.
 */
final class ContainerInfra {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String REDIS_IMAGE = "redis:7";

    private ContainerInfra() {
    }

    static KafkaBackend startKafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        InJvmKafka.BROKER_PROPERTIES.forEach((key, value) -> container.withEnv(envName(key), value));
        container.start();
        return new ContainerKafka(container);
    }

    static RedisBackend startRedis() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        container.start();
        return new ContainerRedis(container);
    }

    /** {@code transaction.state.log.min.isr} → {@code KAFKA_TRANSACTION_STATE_LOG_MIN_ISR}, as the image expects. */
    static String envName(String brokerProperty) {
        return "KAFKA_" + brokerProperty.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    private record ContainerKafka(KafkaContainer container) implements KafkaBackend {
        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public String description() {
            return "Testcontainers " + KAFKA_IMAGE + " at " + bootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    private record ContainerRedis(GenericContainer<?> container) implements RedisBackend {
        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return container.getMappedPort(6379);
        }

        @Override
        public String description() {
            return "Testcontainers " + REDIS_IMAGE + " at " + host() + ":" + port();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
