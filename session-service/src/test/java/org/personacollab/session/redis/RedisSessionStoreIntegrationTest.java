package org.personacollab.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.Session;
import org.personacollab.session.domain.SessionStatus;
import org.personacollab.session.domain.SessionStore;
import org.personacollab.session.domain.SessionStoreContract;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

@WithInfra
class RedisSessionStoreIntegrationTest extends SessionStoreContract {
  private static TestRedis redis;
  private static ReactiveStringRedisTemplate template;
  private RedisKeys keys;
  private RedisSessionStore store;

  @BeforeAll
  static void connect() {
    redis = new TestRedis();
    template = redis.template;
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @Override
  protected SessionStore newStore() {
    // A fresh prefix per test: isolated from every other test and from real data.
    keys = new RedisKeys(Infra.get().uniquePrefix() + ":");
    store = new RedisSessionStore(template, keys, JsonMapper.builder().findAndAddModules().build());
    return store;
  }

  @Test
  void activityIndex_isTheKeyGatewaysWrite() {
    assertThat(store.activityIndex()).isEqualTo(keys.prefix() + "sessions:activity");
  }

  @Test
  void gatewayMark_plainZadd_keepsSessionOpen() {
    // What a gateway does: ZADD <prefix>sessions:activity <epoch ms> <session id>
    Session s = new Session("gw1234", "Marked", Instant.ofEpochSecond(100), "dev:alice", SessionStatus.ACTIVE);
    store.create(s, alice(), 10).block();
    template.opsForZSet().add(keys.prefix() + "sessions:activity", "gw1234", Instant.ofEpochSecond(900).toEpochMilli()).block();

    assertThat(store.idleSessions(Instant.ofEpochSecond(899), 10).collectList().block()).doesNotContain("gw1234");
    assertThat(store.idleSessions(Instant.ofEpochSecond(900), 10).collectList().block()).contains("gw1234");
  }

  @Test
  void gatewayMark_forClosedSession_isDroppedBySweepQuery() {
    String activity = keys.prefix() + "sessions:activity";
    template.opsForZSet().add(activity, "gone12", 1_000).block();

    store.idleSessions(Instant.ofEpochSecond(10), 10).collectList().block();

    assertThat(template.opsForZSet().score(activity, "gone12").blockOptional()).isEmpty();
  }

  @Test
  void participantRecord_isReadableJson() {
    store.create(new Session("js1234", "Json", Instant.ofEpochSecond(100), "dev:alice", SessionStatus.ACTIVE), alice(), 10).block();

    String raw = template.<String, String>opsForHash().get(keys.prefix() + "session:js1234:participants", "dev:alice").block();

    assertThat(raw).contains("\"user_id\":\"dev:alice\"").contains("\"role\":\"facilitator\"").contains("\"status\":\"active\"");
  }
}
