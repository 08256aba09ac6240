package org.personacollab.generation.redis;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.generation.domain.GenerationStoreContract;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@WithInfra
class RedisGenerationStoreIntegrationTest extends GenerationStoreContract {
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
  protected GenerationStore newStore(Duration ttl) {
    return new RedisGenerationStore(template, new RedisKeys(Infra.get().uniquePrefix() + ":"), ttl);
  }
}
