package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.personacollab.testkit.InfraSelector.KafkaSource;
import org.personacollab.testkit.InfraSelector.Plan;
import org.personacollab.testkit.InfraSelector.Probe;
import org.personacollab.testkit.InfraSelector.RedisSource;

/** The selection rules, with fake probes that record which checks were made. */
class InfraSelectorTest {

    /** Fake probes: fixed answers, and a log of the calls. */
    private static final class FakeProbes implements InfraSelector.Probes {
        final boolean docker;
        final boolean localRedis;
        final List<String> calls = new ArrayList<>();

        FakeProbes(boolean docker, boolean localRedis) {
            this.docker = docker;
            this.localRedis = localRedis;
        }

        @Override
        public Probe docker() {
            calls.add("docker");
            return new Probe(docker, docker ? "fake daemon" : "no fake daemon");
        }

        @Override
        public Probe redis(String host, int port) {
            calls.add("redis " + host + ":" + port);
            return new Probe(localRedis, localRedis ? "fake PONG" : "fake silence");
        }
    }

    static Stream<Arguments> table() {
        KafkaSource inJvm = new KafkaSource.InJvm();
        KafkaSource container = new KafkaSource.Container();
        RedisSource local = new RedisSource.Local("localhost", 6379);
        RedisSource embedded = new RedisSource.Embedded();
        RedisSource redisContainer = new RedisSource.Container();
        return Stream.of(
                // env, docker answers, local redis answers -> kafka, redis, probes called
                Arguments.of(Map.of(), true, true, container, redisContainer, List.of("docker")),
                Arguments.of(Map.of(), false, true, inJvm, local, List.of("docker", "redis localhost:6379")),
                Arguments.of(Map.of(), false, false, inJvm, embedded, List.of("docker", "redis localhost:6379")),
                Arguments.of(Map.of("PERSONA_TEST_DOCKER", "false"), true, true, inJvm, local, List.of("redis localhost:6379")),
                Arguments.of(Map.of("PERSONA_TEST_DOCKER", "FALSE"), true, false, inJvm, embedded, List.of("redis localhost:6379")),
                Arguments.of(Map.of("PERSONA_TEST_DOCKER", "true"), false, true, container, redisContainer, List.of()),
                Arguments.of(Map.of("PERSONA_TEST_KAFKA", "broker:9092"), false, true,
                        new KafkaSource.External("broker:9092"), local, List.of("docker", "redis localhost:6379")),
                Arguments.of(Map.of("PERSONA_TEST_REDIS", "cache:6380"), true, true,
                        container, new RedisSource.External("cache", 6380), List.of("docker")),
                Arguments.of(Map.of("PERSONA_TEST_KAFKA", "a:1,b:2", "PERSONA_TEST_REDIS", "cache:6380"), true, true,
                        new KafkaSource.External("a:1,b:2"), new RedisSource.External("cache", 6380), List.of()),
                Arguments.of(Map.of("PERSONA_TEST_KAFKA", " ", "PERSONA_TEST_REDIS", ""), false, true,
                        inJvm, local, List.of("docker", "redis localhost:6379")));
    }

    @ParameterizedTest(name = "[{index}] env={0} docker={1} localRedis={2} -> {3}, {4}")
    @MethodSource("table")
    void select_followsTheRules(Map<String, String> env, boolean docker, boolean localRedis,
            KafkaSource expectedKafka, RedisSource expectedRedis, List<String> expectedProbes) {
        FakeProbes probes = new FakeProbes(docker, localRedis);

        Plan plan = InfraSelector.select(env, probes);

        assertThat(plan.kafka()).isEqualTo(expectedKafka);
        assertThat(plan.redis()).isEqualTo(expectedRedis);
        assertThat(probes.calls).isEqualTo(expectedProbes);
    }

    @Test
    void select_notesSayWhy() {
        Plan plan = InfraSelector.select(Map.of(), new FakeProbes(false, false));

        assertThat(plan.notes()).containsExactly("Docker: no fake daemon", "Redis at localhost:6379: fake silence");
    }

    @Test
    void select_dockerForcedOff_saysSo() {
        Plan plan = InfraSelector.select(Map.of("PERSONA_TEST_DOCKER", "false"), new FakeProbes(true, true));

        assertThat(plan.notes()).contains("Docker off by PERSONA_TEST_DOCKER=false");
    }

    static Stream<Arguments> badEnv() {
        return Stream.of(
                Arguments.of(Map.of("PERSONA_TEST_REDIS", "localhost"), "PERSONA_TEST_REDIS must be host:port"),
                Arguments.of(Map.of("PERSONA_TEST_REDIS", "localhost:"), "PERSONA_TEST_REDIS must be host:port"),
                Arguments.of(Map.of("PERSONA_TEST_REDIS", ":6379"), "PERSONA_TEST_REDIS must be host:port"),
                Arguments.of(Map.of("PERSONA_TEST_REDIS", "localhost:redis"), "numeric port"),
                Arguments.of(Map.of("PERSONA_TEST_REDIS", "localhost:70000"), "port must be 1..65535"),
                Arguments.of(Map.of("PERSONA_TEST_KAFKA", "a:1,b"), "PERSONA_TEST_KAFKA must be host:port"),
                Arguments.of(Map.of("PERSONA_TEST_DOCKER", "yes"), "PERSONA_TEST_DOCKER must be true or false, was 'yes'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badEnv")
    void select_malformedVariable_namesIt(Map<String, String> env, String message) {
        assertThatThrownBy(() -> InfraSelector.select(env, new FakeProbes(false, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
