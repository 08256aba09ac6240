package org.personacollab.generation.redis;

import java.time.Duration;
import org.personacollab.generation.domain.GenerationControl;
import org.personacollab.platform.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * {@link GenerationControl} over the Redis channel {@link RedisKeys#generationControl()}: a stop is
 * a message holding the generation's id, heard by every instance (the one that runs it acts).
 * Resubscribes after a Redis outage.
 */
public final class RedisGenerationControl implements GenerationControl {
  private static final Logger log = LoggerFactory.getLogger(RedisGenerationControl.class);
  private final ReactiveStringRedisTemplate redis;
  private final ReactiveRedisMessageListenerContainer container;
  private final String channel;

  public RedisGenerationControl(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer container, RedisKeys keys) {
    this.redis = redis;
    this.container = container;
    this.channel = keys.generationControl();
  }

  @Override
  public Mono<Void> stop(String generationId) {
    return redis.convertAndSend(channel, generationId).then();
  }

  @Override
  public Flux<String> stops() {
    return container
        .receive(ChannelTopic.of(channel))
        .map(message -> message.getMessage())
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                .maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(s -> log.warn("Generation control subscription lost; resubscribing: {}", s.failure().toString())));
  }
}
