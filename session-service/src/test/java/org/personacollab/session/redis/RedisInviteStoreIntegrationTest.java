package org.personacollab.session.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.InviteStore;
import org.personacollab.session.domain.InviteStoreContract;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

@WithInfra
class RedisInviteStoreIntegrationTest extends InviteStoreContract {
  private static LettuceConnectionFactory factory;
  private static ReactiveStringRedisTemplate template;

  @BeforeAll
  static void connect() {
    Infra infra = Infra.get();
    factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
    factory.afterPropertiesSet();
    factory.start();
    template = new ReactiveStringRedisTemplate(factory);
  }

  @AfterAll
  static void disconnect() {
    factory.destroy();
  }

  @Override
  protected InviteStore newStore() {
    return new RedisInviteStore(template, new RedisKeys(Infra.get().uniquePrefix() + ":"), JsonMapper.builder().findAndAddModules().build(), clock);
  }
}
