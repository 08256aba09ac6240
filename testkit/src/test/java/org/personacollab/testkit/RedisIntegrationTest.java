package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared Redis through a plain Lettuce client, and isolation of two callers by key prefix. */
@WithInfra
class RedisIntegrationTest {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect(Infra infra) {
        client = RedisClient.create(infra.redisUri());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void setGet_roundTrip() {
        RedisCommands<String, String> redis = connection.sync();
        String key = Infra.get().uniquePrefix() + ":greeting";

        redis.set(key, "hello");

        assertThat(redis.get(key)).isEqualTo("hello");
        assertThat(redis.del(key)).isEqualTo(1);
        assertThat(redis.get(key)).isNull();
    }

    @Test
    void prefixes_isolateTwoTestsUsingTheSameKeyNames() {
        RedisCommands<String, String> redis = connection.sync();
        Infra infra = Infra.get();
        String a = infra.springProperties(infra.uniquePrefix()).get("persona.redis.key-prefix");
        String b = infra.springProperties(infra.uniquePrefix()).get("persona.redis.key-prefix");

        redis.set(a + "session:42", "from A");
        redis.set(b + "session:42", "from B");
        redis.hset(a + "presence", Map.of("ann", "caret 3"));

        assertThat(a).isNotEqualTo(b).endsWith(":");
        assertThat(redis.get(a + "session:42")).isEqualTo("from A");
        assertThat(redis.get(b + "session:42")).isEqualTo("from B");
        assertThat(redis.keys(a + "*")).containsExactlyInAnyOrder(a + "session:42", a + "presence");
        assertThat(redis.keys(b + "*")).containsExactly(b + "session:42");
        assertThat(redis.del(redis.keys(a + "*").toArray(String[]::new))).isEqualTo(2);
        assertThat(redis.get(b + "session:42")).as("B untouched by A's cleanup").isEqualTo("from B");
        redis.del(b + "session:42");
    }

    @Test
    void springProperties_redisHostAndPort_reachTheSameServer(Infra infra) {
        Map<String, String> properties = infra.springProperties(infra.uniquePrefix());
        String key = properties.get("persona.redis.key-prefix") + "marker";
        connection.sync().set(key, "seen");

        RedisClient viaProperties = RedisClient.create(RedisURI.create(
                properties.get("spring.data.redis.host"), Integer.parseInt(properties.get("spring.data.redis.port"))));
        try (StatefulRedisConnection<String, String> other = viaProperties.connect()) {
            assertThat(other.sync().get(key)).isEqualTo("seen");
            assertThat(other.sync().ping()).isEqualTo("PONG");
        }
        finally {
            viaProperties.shutdown();
            connection.sync().del(key);
        }
        assertThat(List.of(infra.redisHost(), String.valueOf(infra.redisPort())))
                .containsExactly(properties.get("spring.data.redis.host"), properties.get("spring.data.redis.port"));
    }
}
