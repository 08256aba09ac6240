package org.personacollab.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Trace context across our Kafka hops, in W3C {@code traceparent} record headers. The gateway and
 * the sequencer use plain producers and consumers (reactor-kafka and the sequencer's own loop),
 * which no instrumentation covers, so the context is injected and extracted here.
 *
 * <h2>Cheap when not sampled</h2>
 *
 * Latency is what this system is judged by, so tracing must cost next to nothing on the op path:
 *
 * <ul>
 *   <li>A header is written only for a <em>sampled</em> span: an unsampled edit carries no header,
 *       and the services after it create no span for it at all.
 *   <li>A consumer looks at the header's flags (two hex digits at a fixed place) before it asks
 *       the tracer for anything: no header, or not sampled, costs one header lookup.
 *   <li>Nothing here blocks; spans are ended by whoever started them, and exported (if an OTLP
 *       endpoint is set) by the SDK's batch processor on its own thread.
 * </ul>
 */
public final class KafkaTracing {
  /** The W3C Trace Context header. */
  public static final String TRACEPARENT = "traceparent";
  /** Tracing switched off (no tracer in the context, or in tests that do not look at spans). */
  public static final KafkaTracing NOOP = new KafkaTracing(Tracer.NOOP, Propagator.NOOP);

  private static final Propagator.Setter<Headers> SETTER =
      (headers, key, value) -> {
        if (headers == null) return;
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
      };
  private static final Propagator.Getter<Headers> GETTER =
      (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
      };

  private final Tracer tracer;
  private final Propagator propagator;

  public KafkaTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Starts the first span of a new trace (the sampler decides whether it is recorded). Never null;
   * an unsampled span is a no-op that {@link #inject} ignores.
   */
  public Span startRoot(String name, Span.Kind kind) {
    return tracer.spanBuilder().setNoParent().name(name).kind(kind).start();
  }

  /** Writes {@code span}'s context into {@code headers}, if the span is sampled. */
  public void inject(Span span, Headers headers) {
    if (isSampled(span)) propagator.inject(span.context(), headers, SETTER);
  }

  /**
   * Starts a span whose parent is the context in {@code headers}, or returns null when they carry
   * none or an unsampled one (then there is nothing to continue, and nothing is created).
   */
  public @Nullable Span startChild(String name, Span.Kind kind, Headers headers) {
    if (!carriesSampled(headers)) return null;
    return propagator.extract(headers, GETTER).name(name).kind(kind).start();
  }

  /** Whether a span is recorded (and so worth propagating). */
  public static boolean isSampled(Span span) {
    return !span.isNoop() && Boolean.TRUE.equals(span.context().sampled());
  }

  /**
   * Whether {@code headers} hold a {@code traceparent} whose sampled flag is set. The W3C form is
   * {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}; bit 0 of the flags is "sampled".
   */
  public static boolean carriesSampled(Headers headers) {
    Header header = headers.lastHeader(TRACEPARENT);
    if (header == null) return false;
    byte[] v = header.value();
    if (v == null || v.length < 55 || v[2] != '-' || v[35] != '-' || v[52] != '-') return false;
    int low = Character.digit(v[54], 16);
    return low >= 0 && (low & 1) == 1;
  }
}
