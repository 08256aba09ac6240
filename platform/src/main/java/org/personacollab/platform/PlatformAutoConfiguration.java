package org.personacollab.platform;

import org.apache.kafka.clients.admin.Admin;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.kafka.KafkaHealthIndicator;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.kafka.TopicProvisioner;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.platform.web.KeepAliveGuard;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.WireCodec;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.personacollab.platform.observability.KafkaTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Wires what every service shares. */
@AutoConfiguration
@EnableConfigurationProperties({CollaborationProperties.class, PersonaProperties.class})
@Import(ProblemHandler.class)
public class PlatformAutoConfiguration {

  static {
    SessionLogContext.install();
  }

  @Bean
  @ConditionalOnMissingBean
  WireCodec wireCodec() {
    return new WireCodec();
  }

  /**
   * Every service's HTTP server keeps reading keep-alive connections (a Reactor Netty bug, see
   * {@link KeepAliveGuard}). Spring Boot applies every {@code NettyServerCustomizer} bean to the
   * server it builds.
   */
  @Bean
  KeepAliveGuard keepAliveGuard() {
    return new KeepAliveGuard();
  }

  @Bean
  KafkaSettings kafkaSettings(PersonaProperties properties) {
    return new KafkaSettings(properties.kafka());
  }

  @Bean(destroyMethod = "close")
  Admin kafkaAdmin(KafkaSettings settings) {
    return Admin.create(settings.adminConfig());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  TopicProvisioner topicProvisioner(Admin admin, KafkaSettings settings) {
    return new TopicProvisioner(admin, settings);
  }

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(Admin admin, TopicProvisioner provisioner, PersonaProperties properties) {
    return new KafkaHealthIndicator(admin, provisioner, properties.kafka().requestTimeout());
  }

  /**
   * Trace context in Kafka headers: with Boot's tracer and propagator when tracing is on the
   * classpath and enabled, otherwise a no-op.
   */
  @Bean
  @ConditionalOnMissingBean
  KafkaTracing kafkaTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    Tracer t = tracer.getIfUnique();
    Propagator p = propagator.getIfUnique();
    return t == null || p == null ? KafkaTracing.NOOP : new KafkaTracing(t, p);
  }

  @Bean
  RedisKeys redisKeys(PersonaProperties properties) {
    return new RedisKeys(properties.redis().keyPrefix());
  }
}
