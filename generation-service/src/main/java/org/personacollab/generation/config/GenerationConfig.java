package org.personacollab.generation.config;

import java.time.Clock;
import org.personacollab.generation.domain.BundledResearchSource;
import org.personacollab.generation.domain.GenerationLock;
import org.personacollab.generation.domain.GenerationRunner;
import org.personacollab.generation.domain.PersonaSubmitter;
import org.personacollab.generation.domain.ResearchSource;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.generation.kafka.KafkaPersonaSubmitter;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.redis.RedisGenerationLock;
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
      PersonaSubmitter submitter,
      CollaborationProperties collaboration,
      GenerationProperties properties,
      Clock clock,
      JsonMapper json) {
    return new GenerationRunner(
        source,
        loader,
        new OfflineGenerator(clock),
        events,
        lock,
        submitter,
        collaboration.streaming(),
        properties.chunkDelay(),
        properties.maxDuration(),
        clock,
        json);
  }
}
