package org.personacollab.gateway.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.observability.PersonaMetrics;
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
import reactor.kafka.receiver.MicrometerConsumerListener;
import reactor.util.retry.Retry;

/**
 * Reads every partition of {@code persona.ops} (read_committed) and hands each record to the
 * {@link SessionHub}. Each gateway instance is its own consumer group, starting at the end of the
 * log and committing nothing: it only forwards what is new; a socket that joins later gets the
 * past from the snapshot, and a gap from the read model. It remembers how far it read, so that
 * after a reassignment (a broker restart) it continues there instead of at the end, where the ops
 * committed meanwhile (and with them the acks clients wait for) would be skipped. Also a health indicator: the gateway is
 * ready once partitions are assigned.
 *
 * <p>Measures: ops read ({@code persona.gateway.ops}), the fan-out latency from the sequencer's
 * timestamp to the frames queued on this gateway's sockets ({@code persona.gateway.fanout}, for
 * sessions hosted here; clocks of different hosts differ, so across machines it includes their
 * skew), the consumer's lag (Kafka client metrics), and, for an op whose {@code traceparent}
 * is sampled, a span {@code persona.ops deliver} under the sequencer's span.
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
  private final MeterRegistry meters;
  private final KafkaTracing tracing;
  private final Clock clock;
  private final Counter ops;
  private final Timer fanout;

  public OpsListener(KafkaSettings kafka, WireCodec codec, SessionHub hub) {
    this(kafka, codec, hub, new SimpleMeterRegistry(), KafkaTracing.NOOP, Clock.systemUTC());
  }

  public OpsListener(KafkaSettings kafka, WireCodec codec, SessionHub hub, MeterRegistry meters, KafkaTracing tracing, Clock clock) {
    this.kafka = kafka;
    this.codec = codec;
    this.hub = hub;
    this.meters = meters;
    this.tracing = tracing;
    this.clock = clock;
    this.ops = Counter.builder(PersonaMetrics.GATEWAY_OPS).description("sequenced ops read from persona.ops").register(meters);
    this.fanout =
        Timer.builder(PersonaMetrics.GATEWAY_FANOUT)
            .description("from the sequencer's timestamp of an op to its frame queued on every socket of its session here")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(meters);
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
            .addRevokeListener(parts -> log.info("Stopped delivering ops from {}", parts))
            // kafka_consumer_fetch_manager_records_lag(_max), tagged with this consumer's client id.
            .consumerListener(new MicrometerConsumerListener(meters));
    subscription =
        KafkaReceiver.create(options)
            .receive()
            .doOnNext(
                record -> {
                  positions.put(record.partition(), record.offset() + 1);
                  Span span = tracing.startChild("persona.ops deliver", Span.Kind.CONSUMER, record.headers());
                  try {
                    OpsRecord op = codec.read(record.value(), OpsRecord.class);
                    int sockets = hub.deliver(op);
                    if (op instanceof OpsRecord.Sequenced sequenced) {
                      ops.increment();
                      if (sockets > 0) fanout.record(Math.max(0, clock.millis() - sequenced.ts()), TimeUnit.MILLISECONDS);
                    }
                    if (span != null) span.tag("persona.session", op.sessionId()).tag("persona.sockets", sockets);
                  } catch (ProtocolException e) {
                    if (span != null) span.error(e);
                    log.error("Skipping undecodable op at {}@{}: {}", record.partition(), record.offset(), e.getMessage());
                  } finally {
                    if (span != null) span.end();
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
