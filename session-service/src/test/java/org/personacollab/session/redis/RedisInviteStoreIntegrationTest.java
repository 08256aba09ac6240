package org.personacollab.session.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.InviteStore;
import org.personacollab.session.domain.InviteStoreContract;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

@WithInfra
class RedisInviteStoreIntegrationTest extends InviteStoreContract {
  private static TestRedis redis;
  private static ReactiveStringRedisTemplate template;

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
  protected InviteStore newStore() {
    return new RedisInviteStore(template, new RedisKeys(Infra.get().uniquePrefix() + ":"), JsonMapper.builder().findAndAddModules().build(), clock);
  }
}
