package org.personacollab.session.redis;

import org.personacollab.testkit.Infra;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** A connection to the test infrastructure's Redis for the store tests; close it after them. */
final class TestRedis implements AutoCloseable {
  private final LettuceConnectionFactory factory;
  final ReactiveStringRedisTemplate template;

  TestRedis() {
    Infra infra = Infra.get();
    factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
    factory.afterPropertiesSet();
    factory.start();
    template = new ReactiveStringRedisTemplate(factory);
  }

  @Override
  public void close() {
    factory.destroy();
  }
}
