package org.personacollab.gateway.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.OpsRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.util.retry.Retry;

/**
 * Reads every partition of {@code persona.ops} (read_committed) and hands each record to the
 * {@link SessionHub}. Each gateway instance is its own consumer group, starting at the end of the
 * log and committing nothing: it only forwards what is new; a socket that joins later gets the
 * past from the snapshot, and a gap from the read model. It remembers how far it read, so that
 * after a reassignment (a broker restart) it continues there instead of at the end, where the ops
 * committed meanwhile (and with them the acks clients wait for) would be skipped. Also a health indicator: the gateway is
 * ready once partitions are assigned.
 */
public final class OpsListener implements SmartLifecycle, ReactiveHealthIndicator {
  private static final Logger log = LoggerFactory.getLogger(OpsListener.class);

  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final SessionHub hub;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicBoolean assigned = new AtomicBoolean();
  /** The next offset to read per partition, so a reassignment (e.g. a broker restart) skips nothing. */
  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private volatile Disposable subscription = () -> {};
  private volatile boolean running;

  public OpsListener(KafkaSettings kafka, WireCodec codec, SessionHub hub) {
    this.kafka = kafka;
    this.codec = codec;
    this.hub = hub;
  }

  @Override
  public void start() {
    running = true;
    var options =
        kafka
            .receiverOptions(kafka.topics().prefix() + "gateway-" + instance, "gateway-" + instance)
            .consumerProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
            .subscription(List.of(kafka.topics().ops()))
            .addAssignListener(parts -> {
              for (var part : parts) {
                Long next = positions.get(part.topicPartition().partition());
                if (next != null) part.seek(next); // else: auto.offset.reset = latest
              }
              assigned.set(!parts.isEmpty() || assigned.get());
              log.info("Delivering ops from {}", parts);
            })
            .addRevokeListener(parts -> log.info("Stopped delivering ops from {}", parts));
    subscription =
        KafkaReceiver.create(options)
            .receive()
            .doOnNext(
                record -> {
                  positions.put(record.partition(), record.offset() + 1);
                  try {
                    hub.deliver(codec.read(record.value(), OpsRecord.class));
                  } catch (ProtocolException e) {
                    log.error("Skipping undecodable op at {}@{}: {}", record.partition(), record.offset(), e.getMessage());
                  }
                })
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(s -> {
                      assigned.set(false);
                      log.warn("Ops consumer failed; restarting: {}", s.failure().toString());
                    }))
            .subscribe();
  }

  @Override
  public void stop() {
    running = false;
    subscription.dispose();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public Mono<Health> health() {
    return Mono.just(assigned.get() ? Health.up().build() : Health.down().withDetail("reason", "no ops partitions assigned yet").build());
  }
}
