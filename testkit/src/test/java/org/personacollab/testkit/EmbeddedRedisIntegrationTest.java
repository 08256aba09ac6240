package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/**
 * The last-resort Redis, started directly (the shared infra here may use another Redis): the
 * binary from the embedded-redis jar runs on this machine, serves commands and stops.
 */
class EmbeddedRedisIntegrationTest {

    private static final Duration PING = Duration.ofMillis(500);

    @Test
    void start_servesCommands_andCloseStopsTheProcess() {
        EmbeddedRedis redis = EmbeddedRedis.start();
        try {
            assertThat(redis.isActive()).isTrue();
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(SystemProbes.redisAnswers(redis.host(), redis.port(), PING)).isTrue();
            RedisClient client = RedisClient.create("redis://" + redis.host() + ":" + redis.port());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("k", "v");
                assertThat(connection.sync().get("k")).isEqualTo("v");
                assertThat(connection.sync().info("server")).contains("redis_version:6.2");
            }
            finally {
                client.shutdown();
            }
        }
        finally {
            redis.close();
        }

        assertThat(redis.isActive()).isFalse();
        assertThat(SystemProbes.redisAnswers(redis.host(), redis.port(), PING)).isFalse();
    }

    /** The plan path of Infra when nothing else is found: embedded Redis started, described and stopped by close. */
    @Test
    void infraStart_embeddedPlan_startsRedisAndCloseStopsIt() {
        InfraSelector.Plan plan = new InfraSelector.Plan(new InfraSelector.KafkaSource.External("localhost:1"),
                new InfraSelector.RedisSource.Embedded(), List.of("test plan"));

        Infra infra = Infra.start(plan);
        int port = infra.redisPort();
        boolean answeredWhileRunning = SystemProbes.redisAnswers(infra.redisHost(), port, PING);
        infra.closeQuietly();

        assertThat(answeredWhileRunning).isTrue();
        assertThat(infra.describe()).isEqualTo("Kafka: external at localhost:1 (PERSONA_TEST_KAFKA); Redis: embedded redis-server 6.2 at 127.0.0.1:" + port);
        assertThat(SystemProbes.redisAnswers(infra.redisHost(), port, PING)).isFalse();
    }
}
