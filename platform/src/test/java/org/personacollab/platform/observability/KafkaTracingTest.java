package org.personacollab.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Trace context through Kafka headers with the real OpenTelemetry SDK behind Micrometer's bridge. */
class KafkaTracingTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private KafkaTracing tracing(Sampler sampler) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    var otelTracer = provider.get("test");
    var tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), event -> {});
    var propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otelTracer);
    return new KafkaTracing(tracer, propagator);
  }

  @Test
  void sampledRoot_injected_andTheConsumerSpanIsItsChildInTheSameTrace() {
    KafkaTracing tracing = tracing(Sampler.alwaysOn());
    RecordHeaders headers = new RecordHeaders();
    Span producer = tracing.startRoot("send", Span.Kind.PRODUCER);
    tracing.inject(producer, headers);
    producer.end();

    assertThat(KafkaTracing.carriesSampled(headers)).isTrue();
    Span consumer = tracing.startChild("receive", Span.Kind.CONSUMER, headers);
    assertThat(consumer).isNotNull();
    consumer.end();

    SpanData sent = spans.getFinishedSpanItems().get(0);
    SpanData received = spans.getFinishedSpanItems().get(1);
    assertThat(received.getTraceId()).isEqualTo(sent.getTraceId());
    assertThat(received.getParentSpanId()).isEqualTo(sent.getSpanId());
    assertThat(received.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CONSUMER);
    assertThat(sent.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.PRODUCER);
    assertThat(sent.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void unsampledRoot_writesNoHeader_andNothingIsExported() {
    KafkaTracing tracing = tracing(Sampler.alwaysOff());
    RecordHeaders headers = new RecordHeaders();
    Span producer = tracing.startRoot("send", Span.Kind.PRODUCER);
    tracing.inject(producer, headers);
    producer.end();

    assertThat(headers.lastHeader(KafkaTracing.TRACEPARENT)).isNull();
    assertThat(tracing.startChild("receive", Span.Kind.CONSUMER, headers)).isNull();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void carriesSampled_readsTheFlags_andRefusesMalformedHeaders() {
    assertThat(sampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isTrue();
    assertThat(sampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")).isTrue();
    assertThat(sampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isFalse();
    assertThat(sampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0")).isFalse();
    assertThat(sampled("00-4bf92f3577b34da6a3ce929d0e0e4736x00f067aa0ba902b7-01")).isFalse();
    assertThat(sampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0z")).isFalse();
    assertThat(sampled("garbage")).isFalse();
    assertThat(KafkaTracing.carriesSampled(new RecordHeaders())).isFalse();
  }

  @Test
  void unsampledParentInTheHeader_noSpan() {
    KafkaTracing tracing = tracing(Sampler.alwaysOn());
    RecordHeaders headers = new RecordHeaders();
    headers.add(KafkaTracing.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00".getBytes(StandardCharsets.UTF_8));
    assertThat(tracing.startChild("receive", Span.Kind.CONSUMER, headers)).isNull();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void noop_startsNoopSpans_andInjectsNothing() {
    RecordHeaders headers = new RecordHeaders();
    Span span = KafkaTracing.NOOP.startRoot("send", Span.Kind.PRODUCER);
    KafkaTracing.NOOP.inject(span, headers);
    span.end();
    assertThat(KafkaTracing.isSampled(span)).isFalse();
    assertThat(headers.toArray()).isEmpty();
  }

  private static boolean sampled(String traceparent) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(KafkaTracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    return KafkaTracing.carriesSampled(headers);
  }
}
