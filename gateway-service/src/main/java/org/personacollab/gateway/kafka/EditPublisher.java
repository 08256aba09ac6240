package org.personacollab.gateway.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.observability.PersonaMetrics;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;

/**
 * Produces client edits to {@code persona.edits}, keyed by session id (one partition per session).
 * Each edit starts a trace (when the sampler picks it): the span {@code persona.edits send} lasts
 * until the broker has the edit, and its context travels in the record's {@code traceparent}
 * header to the sequencer.
 */
public final class EditPublisher implements AutoCloseable {
  private final KafkaSender<String, byte[]> sender;
  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final KafkaTracing tracing;
  private final Counter sent;
  private final Counter failed;

  public EditPublisher(KafkaSettings kafka, WireCodec codec) {
    this(kafka, codec, KafkaTracing.NOOP, new SimpleMeterRegistry());
  }

  public EditPublisher(KafkaSettings kafka, WireCodec codec, KafkaTracing tracing, MeterRegistry meters) {
    this.sender = KafkaSender.create(kafka.senderOptions("gateway"));
    this.kafka = kafka;
    this.codec = codec;
    this.tracing = tracing;
    this.sent = Counter.builder(PersonaMetrics.GATEWAY_EDITS).tag("result", "sent").register(meters);
    this.failed = Counter.builder(PersonaMetrics.GATEWAY_EDITS).tag("result", "failed").register(meters);
  }

  /** Completes when the broker has the edit (acks=all); errors if it could not be written. */
  public Mono<Void> publish(EditRecord edit) {
    return Mono.defer(
        () -> {
          Span span = tracing.startRoot("persona.edits send", Span.Kind.PRODUCER);
          var producerRecord = new ProducerRecord<>(kafka.topics().edits(), edit.sessionId(), codec.writeBytes(edit));
          if (KafkaTracing.isSampled(span)) {
            span.tag("persona.session", edit.sessionId()).tag("persona.src", edit.src()).tag("persona.seq", edit.seq());
            tracing.inject(span, producerRecord.headers());
          }
          return sender
              .send(Mono.just(SenderRecord.create(producerRecord, edit.seq())))
              .next()
              .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()))
              .doOnSuccess(v -> sent.increment())
              .doOnError(
                  e -> {
                    failed.increment();
                    span.error(e);
                  })
              .doFinally(s -> span.end());
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
