package org.personacollab.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Decides where the tests' Kafka and Redis come from. Pure: the environment and the probes are
 * passed in, so the rules are unit-tested without Docker, Redis or a broker.
 *
 * <h2>Rules, in order</h2>
 * <ol>
 *   <li>Kafka: {@code PERSONA_TEST_KAFKA=host:port[,host:port]} uses that cluster; else Docker
 *       available: Testcontainers {@code apache/kafka}; else the in-JVM KRaft broker.</li>
 *   <li>Redis: {@code PERSONA_TEST_REDIS=host:port} uses that server; else Docker available:
 *       Testcontainers {@code redis:7}; else {@code localhost:6379} if it answers {@code PING};
 *       else a Redis binary started from the embedded-redis jar on a free port.</li>
 *   <li>Docker is probed only when a choice depends on it, and never when
 *       {@code PERSONA_TEST_DOCKER=false}; {@code PERSONA_TEST_DOCKER=true} skips the probe and
 *       takes the Docker path (Testcontainers then reports any problem itself).</li>
 * </ol>
 */
final class InfraSelector {

    static final String ENV_KAFKA = "PERSONA_TEST_KAFKA";
    static final String ENV_REDIS = "PERSONA_TEST_REDIS";
    static final String ENV_DOCKER = "PERSONA_TEST_DOCKER";

    static final String LOCAL_REDIS_HOST = "localhost";
    static final int LOCAL_REDIS_PORT = 6379;

    private InfraSelector() {
    }

    /** The outcome of one probe, with a short human explanation for the start-up log line. */
    record Probe(boolean ok, String detail) {
        Probe {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The checks the rules depend on; the real ones are slow or need a network, tests fake them. */
    interface Probes {
        /** Whether a Docker daemon answers; must return within a few seconds. */
        Probe docker();

        /** Whether a Redis at host:port answers {@code PING} with {@code +PONG} within about 500 ms. */
        Probe redis(String host, int port);
    }

    sealed interface KafkaSource {
        record External(String bootstrapServers) implements KafkaSource {
        }

        record Container() implements KafkaSource {
        }

        record InJvm() implements KafkaSource {
        }
    }

    sealed interface RedisSource {
        /** A server named by {@code PERSONA_TEST_REDIS}. */
        record External(String host, int port) implements RedisSource {
        }

        record Container() implements RedisSource {
        }

        /** The server already running on this machine ({@code localhost:6379}). */
        record Local(String host, int port) implements RedisSource {
        }

        record Embedded() implements RedisSource {
        }
    }

    /**
     * What to start, and why.
     *
     * @param notes one short reason per decision, for the start-up log line
     */
    record Plan(KafkaSource kafka, RedisSource redis, List<String> notes) {
        Plan {
            notes = List.copyOf(notes);
        }
    }

    static Plan select(Map<String, String> env, Probes probes) {
        List<String> notes = new ArrayList<>();
        @Nullable String kafkaOverride = nonBlank(env.get(ENV_KAFKA));
        @Nullable HostPort redisOverride = redisOverride(env.get(ENV_REDIS));
        DockerDecision docker = new DockerDecision(dockerSetting(env.get(ENV_DOCKER)), probes, notes);

        KafkaSource kafka;
        if (kafkaOverride != null) {
            kafka = new KafkaSource.External(validateBootstrap(kafkaOverride));
            notes.add("Kafka from " + ENV_KAFKA);
        }
        else if (docker.available()) {
            kafka = new KafkaSource.Container();
        }
        else {
            kafka = new KafkaSource.InJvm();
        }

        RedisSource redis;
        if (redisOverride != null) {
            redis = new RedisSource.External(redisOverride.host(), redisOverride.port());
            notes.add("Redis from " + ENV_REDIS);
        }
        else if (docker.available()) {
            redis = new RedisSource.Container();
        }
        else {
            Probe local = probes.redis(LOCAL_REDIS_HOST, LOCAL_REDIS_PORT);
            notes.add("Redis at " + LOCAL_REDIS_HOST + ":" + LOCAL_REDIS_PORT + ": " + local.detail());
            redis = local.ok()
                    ? new RedisSource.Local(LOCAL_REDIS_HOST, LOCAL_REDIS_PORT)
                    : new RedisSource.Embedded();
        }
        return new Plan(kafka, redis, notes);
    }

    /** Probes Docker at most once, and only if a decision asks. */
    private static final class DockerDecision {
        private final @Nullable Boolean setting;
        private final Probes probes;
        private final List<String> notes;
        private @Nullable Boolean available;

        DockerDecision(@Nullable Boolean setting, Probes probes, List<String> notes) {
            this.setting = setting;
            this.probes = probes;
            this.notes = notes;
        }

        boolean available() {
            if (available == null) {
                if (setting != null) {
                    available = setting;
                    notes.add("Docker " + (setting ? "forced on" : "off") + " by " + ENV_DOCKER + "=" + setting);
                }
                else {
                    Probe probe = probes.docker();
                    available = probe.ok();
                    notes.add("Docker: " + probe.detail());
                }
            }
            return available;
        }
    }

    record HostPort(String host, int port) {
    }

    static @Nullable Boolean dockerSetting(@Nullable String value) {
        String v = nonBlank(value);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(
                    ENV_DOCKER + " must be true or false, was '" + value + "'");
        };
    }

    static @Nullable HostPort redisOverride(@Nullable String value) {
        String v = nonBlank(value);
        if (v == null) {
            return null;
        }
        return parseHostPort(ENV_REDIS, v);
    }

    private static String validateBootstrap(String value) {
        for (String server : value.split(",")) {
            parseHostPort(ENV_KAFKA, server.trim());
        }
        return value.trim();
    }

    private static HostPort parseHostPort(String variable, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(variable + " must be host:port, was '" + value + "'");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be host:port with a numeric port, was '" + value + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(variable + " port must be 1..65535, was '" + value + "'");
        }
        return new HostPort(host, port);
    }

    private static @Nullable String nonBlank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
