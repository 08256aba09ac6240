package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.testkit.Infra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invariant checked after every end-to-end run (DESIGN §3.1): for every session the system
 * touched, the op log is gap-free from version 0, and folding it over the empty document with
 * the reference json0 engine gives exactly the stored snapshot at the stored version.
 */
final class InvariantCheck {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private InvariantCheck() {}

  /** The version of a session in the sequencer's read model. */
  static long storedVersion(RunningSystem system, String sessionId) {
    RedisClient client = RedisClient.create(Infra.get().redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String v = connection.sync().hget(system.prefix + ":doc:" + sessionId, "v");
      return v == null ? 0 : Long.parseLong(v);
    } finally {
      client.shutdown();
    }
  }

  /** Checks every session under the system's key prefix; returns how many were checked. */
  static int afterAll(RunningSystem system) {
    Infra infra = Infra.get();
    RedisClient client = RedisClient.create(infra.redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      List<String> docs = redis.keys(system.prefix + ":doc:*");
      for (String docKey : docs) {
        String sessionId = docKey.substring(docKey.lastIndexOf(':') + 1);
        Map<String, String> doc = redis.hgetall(docKey);
        long version = Long.parseLong(doc.get("v"));
        Object snapshot = JsonCodec.parse(JSON.readTree(doc.get("doc")).get("snapshot").toString());
        List<String> ops = redis.zrange(system.prefix + ":ops:" + sessionId, 0, -1);
        assertThat(ops).as("ops of %s", sessionId).hasSize((int) version);
        Object folded = JsonCodec.parse("{}");
        for (int v = 0; v < ops.size(); v++) {
          JsonNode record = JSON.readTree(ops.get(v));
          assertThat(record.path("v").asLong()).as("op %d of %s", v, sessionId).isEqualTo(v);
          folded = Json0.apply(folded, Op.parse(record.get("op").toString()));
        }
        assertThat(JsonCodec.canonical(folded)).as("fold of %s's op log", sessionId).isEqualTo(JsonCodec.canonical(snapshot));
      }
      return docs.size();
    } finally {
      client.shutdown();
    }
  }
}
