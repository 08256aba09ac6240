package org.personacollab.session.config;

import java.time.Clock;
import java.time.Duration;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.personacollab.session.auth.JwtTokens;
import org.personacollab.session.auth.SigningKey;
import org.personacollab.session.domain.AuditLog;
import org.personacollab.session.domain.IdleSessionSweeper;
import org.personacollab.session.domain.InviteStore;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.session.domain.SessionService;
import org.personacollab.session.domain.SessionStore;
import org.personacollab.session.kafka.KafkaAuditLog;
import org.personacollab.session.redis.RedisInviteStore;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.session.redis.RedisSessionStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuthProperties.class, SessionServiceProperties.class})
class SessionConfig {
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SessionStore sessionStore(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
    return new RedisSessionStore(redis, keys, json);
  }

  @Bean
  InviteStore inviteStore(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json, Clock clock) {
    return new RedisInviteStore(redis, keys, json, clock);
  }

  /** Read (or created) at start-up: a missing key with generation off stops the service here. */
  @Bean
  SigningKey signingKey(AuthProperties auth) {
    return SigningKey.loadOrCreate(auth.keyFileOrDefault(), auth.generateKey());
  }

  @Bean
  JwtTokens jwtTokens(SigningKey key, AuthProperties auth, Clock clock) {
    return new JwtTokens(key, auth.issuer(), auth.tokenTtl(), auth.sessionTokenTtl(), clock);
  }

  @Bean(destroyMethod = "close")
  KafkaAuditLog auditLog(KafkaSettings kafka, WireCodec codec) {
    return new KafkaAuditLog(kafka, codec);
  }

  @Bean
  SessionEvents liveEvents(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    return new RedisSessionEvents(redis, keys, codec);
  }

  @Bean
  SessionService sessionService(
      SessionStore store,
      InviteStore invites,
      JwtTokens tokens,
      AuditLog audit,
      SessionEvents live,
      CollaborationProperties collaboration,
      AuthProperties auth,
      SessionServiceProperties properties,
      Clock clock) {
    Duration idleTimeout = properties.sessions().idleTimeout();
    var limits =
        new SessionService.Limits(
            collaboration.server().maxSessions(),
            collaboration.server().maxParticipantsPerSession(),
            idleTimeout != null ? idleTimeout : Duration.ofMinutes(collaboration.session().timeoutMinutes()),
            auth.inviteMaxTtl());
    return new SessionService(store, invites, tokens, audit, live, limits, clock);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  IdleSessionSweeper idleSessionSweeper(
      SessionStore store, SessionService sessions, Clock clock, SessionServiceProperties properties) {
    return new IdleSessionSweeper(
        store, sessions, clock, sessions.limits().idleTimeout(), properties.sessions().sweepInterval(), Schedulers.parallel());
  }
}
