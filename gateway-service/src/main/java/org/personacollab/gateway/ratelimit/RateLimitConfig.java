package org.personacollab.gateway.ratelimit;

import org.personacollab.gateway.config.GatewayProperties;
import org.personacollab.platform.redis.RedisKeys;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST rate limit: Spring Cloud Gateway's {@link RedisRateLimiter} with the rate and burst of
 * {@code persona.gateway.rest-*} (it replaces the auto-configured one and takes Redis and its Lua
 * script from the context), applied to every routed call by {@link RestRateLimitFilter}.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfig {
  @Bean
  RedisRateLimiter redisRateLimiter(GatewayProperties gateway) {
    return new RedisRateLimiter(gateway.restRequestsPerSecond(), gateway.restBurst());
  }

  @Bean
  RestRateLimitFilter restRateLimitFilter(RedisRateLimiter limiter, RedisKeys keys, GatewayProperties gateway, JsonMapper json) {
    return new RestRateLimitFilter(limiter, keys, gateway.restRequestsPerSecond(), json);
  }
}
