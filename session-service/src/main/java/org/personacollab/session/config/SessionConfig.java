package org.personacollab.session.config;

import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.SessionStore;
import org.personacollab.session.redis.RedisSessionStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class SessionConfig {
  @Bean
  SessionStore sessionStore(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
    return new RedisSessionStore(redis, keys, json);
  }

  @Bean
  java.time.Clock clock() {
    return java.time.Clock.systemUTC();
  }
}
