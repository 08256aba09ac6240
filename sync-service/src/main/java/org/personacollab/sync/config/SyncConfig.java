package org.personacollab.sync.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import org.personacollab.sync.domain.DocumentStore;
import org.personacollab.sync.domain.Sequencer;
import org.personacollab.sync.history.HistoryReader;
import org.personacollab.sync.kafka.RestoreSubmitter;
import org.personacollab.sync.domain.WorkshopRules;
import org.personacollab.sync.kafka.SequencerLoop;
import org.personacollab.sync.redis.RedisDocumentStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class SyncConfig {
  @Bean
  Sequencer sequencer(WireCodec codec, SyncProperties properties, CollaborationProperties collaboration) {
    return new Sequencer(collaboration.conflictResolution(), properties.maxDocumentBytes(), properties.retainedOps(), codec,
        WorkshopRules.of(collaboration.workshop()), properties.maxClockDrift().toMillis());
  }

  @Bean
  DocumentStore documentStore(
      ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec, SyncProperties properties, CollaborationProperties collaboration) {
    var history =
        new DocumentStore.HistoryPolicy(properties.snapshotEveryOps(), collaboration.session().persistHistory(), properties.retainedOps());
    return new RedisDocumentStore(redis, keys, codec, history);
  }

  @Bean
  HistoryReader historyReader(DocumentStore store, CollaborationProperties collaboration) {
    return new HistoryReader(store, collaboration.session().persistHistory());
  }

  @Bean(destroyMethod = "close")
  RestoreSubmitter restoreSubmitter(KafkaSettings kafka, WireCodec codec) {
    return new RestoreSubmitter(kafka, codec);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SequencerLoop sequencerLoop(
      KafkaSettings kafka,
      WireCodec codec,
      Sequencer sequencer,
      DocumentStore store,
      SyncProperties properties,
      MeterRegistry meters,
      KafkaTracing tracing) {
    return new SequencerLoop(kafka, codec, sequencer, store, Clock.systemUTC(), properties, meters, tracing);
  }
}
