package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Infra's own logic over backends that need no broker: properties, prefixes, descriptions, refusals. */
class InfraTest {

    private final Infra infra = new Infra(
            new KafkaBackend.External("kafka-1:9092,kafka-2:9092"),
            new RedisBackend.Existing("cache", 6380, "local"));

    @Test
    void accessors_comeFromTheBackends() {
        assertThat(infra.kafkaBootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(infra.redisHost()).isEqualTo("cache");
        assertThat(infra.redisPort()).isEqualTo(6380);
        assertThat(infra.redisUri()).isEqualTo("redis://cache:6380");
    }

    @Test
    void describe_namesBothBackends() {
        assertThat(infra.describe()).isEqualTo(
                "Kafka: external at kafka-1:9092,kafka-2:9092 (PERSONA_TEST_KAFKA); Redis: local at cache:6380");
    }

    @Test
    void springProperties_pointAtTheInfraAndCarryThePrefix() {
        Map<String, String> properties = infra.springProperties("t7-abc123");

        assertThat(properties).containsExactly(
                entry("persona.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092"),
                entry("persona.kafka.topic-prefix", "t7-abc123."),
                entry("persona.redis.key-prefix", "t7-abc123:"),
                entry("spring.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092"),
                entry("spring.data.redis.host", "cache"),
                entry("spring.data.redis.port", "6380"));
        assertThatThrownBy(() -> properties.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-t1", "t1.x", "t1:x", "t 1", "t1_x", "t1/"})
    void springProperties_badPrefix_rejected(String prefix) {
        assertThatThrownBy(() -> infra.springProperties(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was '" + prefix + "'");
    }

    @Test
    void uniquePrefix_distinctLowerCaseAndLegalEverywhere() {
        Pattern shape = Pattern.compile("t[0-9a-z]+-[0-9a-z]{6}");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String prefix = infra.uniquePrefix();
            assertThat(prefix).matches(shape);
            assertThat(seen.add(prefix)).as("duplicate prefix %s", prefix).isTrue();
        }
        // usable as the springProperties prefix, hence as topic and key prefix
        infra.springProperties(infra.uniquePrefix());
    }

    @Test
    void restart_notInJvm_unsupportedWithAReason() {
        assertThat(infra.kafkaRestartSupported()).isFalse();

        assertThatThrownBy(infra::restartKafka)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("external at kafka-1:9092")
                .hasMessageContaining("PERSONA_TEST_DOCKER=false");
        assertThatThrownBy(infra::stopKafka).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(infra::startKafka).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void restart_inJvmBackend_stopsThenStartsTheSameBackend() {
        List<String> calls = new ArrayList<>();
        KafkaBackend restartable = new KafkaBackend() {
            @Override
            public String bootstrapServers() {
                return "localhost:1234";
            }

            @Override
            public String description() {
                return "fake";
            }

            @Override
            public boolean restartable() {
                return true;
            }

            @Override
            public void stop() {
                calls.add("stop");
            }

            @Override
            public void start() {
                calls.add("start");
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        Infra withRestart = new Infra(restartable, new RedisBackend.Existing("localhost", 6379, "local"));

        withRestart.restartKafka();
        withRestart.stopKafka();
        withRestart.startKafka();

        assertThat(withRestart.kafkaRestartSupported()).isTrue();
        assertThat(calls).containsExactly("stop", "start", "stop", "start");
        assertThat(withRestart.kafkaBootstrapServers()).isEqualTo("localhost:1234");
    }

    @Test
    void closeQuietly_closesKafkaThenRedisOnce() {
        List<String> calls = new ArrayList<>();
        Infra recorded = new Infra(new RecordingKafka(calls), new RecordingRedis(calls));

        recorded.closeQuietly();
        recorded.closeQuietly();

        assertThat(calls).containsExactly("kafka closed", "redis closed");
    }

    private record RecordingKafka(List<String> calls) implements KafkaBackend {
        @Override
        public String bootstrapServers() {
            return "k:1";
        }

        @Override
        public String description() {
            return "recording";
        }

        @Override
        public void close() {
            calls.add("kafka closed");
        }
    }

    private record RecordingRedis(List<String> calls) implements RedisBackend {
        @Override
        public String host() {
            return "r";
        }

        @Override
        public int port() {
            return 1;
        }

        @Override
        public String description() {
            return "recording";
        }

        @Override
        public void close() {
            calls.add("redis closed");
        }
    }

    @Test
    void createTopics_badArguments_rejectedBeforeAnyBrokerCall() {
        assertThatThrownBy(() -> infra.createTopics(Map.of("ok", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ok' needs at least 1 partition, was 0");
        assertThatThrownBy(() -> infra.createTopics(Map.of("bad topic", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad topic'");
        assertThatThrownBy(() -> infra.createTopics(Map.of("..", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        infra.createTopics(Map.of()); // nothing to do, no broker needed
    }
}
