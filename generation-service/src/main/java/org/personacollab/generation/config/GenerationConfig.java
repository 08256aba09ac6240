package org.personacollab.generation.config;

import java.time.Clock;
import org.personacollab.generation.domain.BundledResearchSource;
import org.personacollab.generation.domain.GenerationControl;
import org.personacollab.generation.domain.GenerationLock;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.generation.domain.OfflineTextSource;
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

  @Bean(destroyMethod = "close")
  GenerationRunner generationRunner(
      ResearchSource source,
      ResearchLoader loader,
      SessionEvents events,
      GenerationLock lock,
      GenerationStore store,
      GenerationControl control,
      PersonaSubmitter submitter,
      CollaborationProperties collaboration,
      GenerationProperties properties,
      Clock clock,
      JsonMapper json) {
    return new GenerationRunner(
        source,
        loader,
        new OfflineTextSource(new OfflineGenerator(clock), json, collaboration.streaming().chunkSize(), properties.chunkDelay()),
        events,
        lock,
        store,
        control,
        submitter,
        collaboration.streaming(),
        properties.maxDuration(),
        clock,
        json);
  }
}
