package org.personacollab.generation.config;

import java.time.Clock;
import org.personacollab.generation.domain.BundledResearchSource;
import org.personacollab.generation.domain.GenerationControl;
import org.personacollab.generation.domain.GenerationLock;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.generation.domain.GenerationRunner;
import org.personacollab.generation.domain.PersonaSubmitter;
import org.personacollab.generation.domain.ResearchSource;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.generation.kafka.KafkaPersonaSubmitter;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.redis.RedisGenerationControl;
import org.personacollab.generation.redis.RedisGenerationLock;
import org.personacollab.generation.redis.RedisGenerationStore;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.research.ResearchLoader;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.personacollab.generation.domain.StreamMetrics;
import org.personacollab.generation.provider.ChatModels;
import org.personacollab.generation.provider.OfflinePersonaModel;
import org.personacollab.generation.provider.PersonaModel;
import org.personacollab.generation.provider.PersonaParser;
import org.personacollab.generation.provider.PersonaPrompt;
import org.personacollab.generation.provider.ProviderKind;
import org.personacollab.generation.provider.ProviderProbe;
import org.personacollab.generation.provider.ProviderRegistry;
import org.personacollab.generation.provider.ResilientPersonaModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class GenerationConfig {
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ResearchSource researchSource(GenerationProperties properties) {
    return new BundledResearchSource(properties.researchDir());
  }

  @Bean
  SessionEvents sessionEvents(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    return new RedisSessionEvents(redis, keys, codec);
  }

  @Bean
  GenerationLock generationLock(ReactiveStringRedisTemplate redis, RedisKeys keys) {
    return new RedisGenerationLock(redis, keys);
  }

  @Bean
  GenerationStore generationStore(ReactiveStringRedisTemplate redis, RedisKeys keys, GenerationProperties properties) {
    return new RedisGenerationStore(redis, keys, properties.stateTtl());
  }

  @Bean(destroyMethod = "destroy")
  ReactiveRedisMessageListenerContainer generationListenerContainer(ReactiveRedisConnectionFactory factory) {
    return new ReactiveRedisMessageListenerContainer(factory);
  }

  @Bean
  GenerationControl generationControl(
      ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer container, RedisKeys keys) {
    return new RedisGenerationControl(redis, container, keys);
  }

  @Bean(destroyMethod = "close")
  KafkaPersonaSubmitter personaSubmitter(KafkaSettings kafka, WireCodec codec, Clock clock) {
    return new KafkaPersonaSubmitter(kafka, codec, clock);
  }

  /** The validated {@code persona.generation.max-*} settings, for uploads and datasets alike. */
  @Bean
  ResearchLimits researchLimits(GenerationProperties properties) {
    return properties.researchLimits();
  }

  @Bean
  ResearchLoader researchLoader(ResearchLimits limits) {
    return new ResearchLoader(limits);
  }

  /** Resilience4j registries whose instances (one per provider) show at /actuator/prometheus. */
  @Bean
  ResilientPersonaModel.Registries resilienceRegistries(MeterRegistry meters) {
    var registries =
        new ResilientPersonaModel.Registries(
            CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults());
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registries.circuitBreakers()).bindTo(meters);
    TaggedRetryMetrics.ofRetryRegistry(registries.retries()).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(registries.bulkheads()).bindTo(meters);
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registries.timeLimiters()).bindTo(meters);
    return registries;
  }

  /**
   * Every configured provider, each behind its Resilience4j guard; providers without a key or
   * base URL are not built, so they cannot break start-up. A default provider that is not
   * configured does stop start-up, naming {@code persona.generation.default-provider}.
   */
  @Bean
  ProviderRegistry providerRegistry(
      GenerationProperties properties,
      CollaborationProperties collaboration,
      ResilientPersonaModel.Registries registries,
      Clock clock,
      JsonMapper json) {
    return new ProviderRegistry(
        properties.providerSettings(),
        properties.defaultProvider(),
        settings -> {
          PersonaModel model =
              settings.kind() == ProviderKind.OFFLINE
                  ? new OfflinePersonaModel(new OfflineGenerator(clock), json, collaboration.streaming().chunkSize(), properties.chunkDelay())
                  : ChatModels.personaModel(settings);
          return new ResilientPersonaModel(model, settings.resilience(), registries);
        });
  }

  @Bean
  ProviderProbe providerProbe(GenerationProperties properties) {
    return new ProviderProbe(properties.probeTimeout());
  }

  @Bean(destroyMethod = "close")
  GenerationRunner generationRunner(
      ResearchSource source,
      ResearchLoader loader,
      ProviderRegistry providers,
      SessionEvents events,
      GenerationLock lock,
      GenerationStore store,
      GenerationControl control,
      PersonaSubmitter submitter,
      CollaborationProperties collaboration,
      GenerationProperties properties,
      Clock clock,
      JsonMapper json,
      MeterRegistry meters) {
    GenerationRunner runner = GenerationRunner.builder()
        .research(source)
        .loader(loader)
        .providers(providers)
        .prompt(new PersonaPrompt(properties.maxPromptChars()))
        .parser(new PersonaParser(json))
        .detail(properties.detail())
        .events(events)
        .lock(lock)
        .store(store)
        .control(control)
        .submitter(submitter)
        .streaming(collaboration.streaming())
        .maxDuration(properties.maxDuration())
        .clock(clock)
        .json(json)
        .metrics(new StreamMetrics(meters))
        .lease(properties.lease())
        .build();
    runner.sweepOrphans(properties.lease().dividedBy(3));
    return runner;
  }
}
