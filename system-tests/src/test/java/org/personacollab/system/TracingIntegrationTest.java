package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;

/**
 * One edit followed through the running system by its trace: the services (separate processes)
 * send their spans over OTLP/HTTP to a receiver in this test, and the gateway's span of the edit,
 * the sequencer's span and the gateway's delivery span share one trace id, each the parent of the
 * next, across both Kafka hops ({@code persona.edits}, {@code persona.ops}).
 */
@WithInfra
class TracingIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<ReceivedSpan> SPANS = new CopyOnWriteArrayList<>();
  private static HttpServer receiver;
  private static RunningSystem system;

  /** A span as the receiver got it, with the service that sent it. */
  record ReceivedSpan(String service, String name, String traceId, String spanId, String parentSpanId, Map<String, String> attributes) {}

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/v1/traces", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        record(ExportTraceServiceRequest.parseFrom(body));
      }
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) exchange.getResponseBody().write(response);
      exchange.close();
    });
    receiver.start();
    system = RunningSystem.start(Map.of(
        "management.opentelemetry.tracing.export.otlp.endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces",
        "management.tracing.sampling.probability", "1.0"));
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (receiver != null) receiver.stop(0);
    if (system != null) assertThat(InvariantCheck.afterAll(system)).isPositive();
  }

  @Test
  void oneEdit_socketToSequencerToSockets_isOneTraceAcrossBothKafkaHops() throws Exception {
    Auth auth = new Auth(system);
    String session = auth.create("Traced", "alice").sessionId();
    try (TestSocket alice = auth.socket(session, "alice")) {
      alice.awaitType("welcome", WAIT);
      alice.send("{\"type\":\"edit\",\"path\":\"name\",\"value\":\"Sarah\"}");
      alice.awaitType("op", WAIT);
    }

    ReceivedSpan send = await(s -> s.name().equals("persona.edits send") && session.equals(s.attributes().get("persona.session")));
    assertThat(send.service()).isEqualTo("gateway-service");
    assertThat(send.parentSpanId()).as("each edit starts its own trace").isEmpty();
    ReceivedSpan sequence = await(s -> s.name().equals("persona.edits sequence") && s.parentSpanId().equals(send.spanId()));
    assertThat(sequence.service()).isEqualTo("sync-service");
    assertThat(sequence.traceId()).isEqualTo(send.traceId());
    assertThat(sequence.attributes()).containsEntry("persona.session", session).containsEntry("persona.outcome", "applied");
    ReceivedSpan deliver = await(s -> s.name().equals("persona.ops deliver") && s.parentSpanId().equals(sequence.spanId()));
    assertThat(deliver.service()).isEqualTo("gateway-service");
    assertThat(deliver.traceId()).isEqualTo(send.traceId());
    assertThat(deliver.attributes()).containsEntry("persona.session", session).containsEntry("persona.sockets", "1");
  }

  private static void record(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = attributes(resourceSpans.getResource()).getOrDefault("service.name", "?");
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
          SPANS.add(new ReceivedSpan(service, span.getName(), hex.formatHex(span.getTraceId().toByteArray()),
              hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
              attributes(span.getAttributesList())));
        }
      }
    }
  }

  private static Map<String, String> attributes(Resource resource) {
    return attributes(resource.getAttributesList());
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> out = new java.util.HashMap<>();
    for (KeyValue kv : values) {
      var v = kv.getValue();
      out.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? Long.toString(v.getIntValue()) : v.toString().trim());
    }
    return out;
  }

  private static ReceivedSpan await(Predicate<ReceivedSpan> match) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // spans are exported in batches, every 5 s
    while (System.nanoTime() < deadline) {
      for (ReceivedSpan span : SPANS) if (match.test(span)) return span;
      Thread.sleep(100);
    }
    throw new AssertionError("no matching span among " + SPANS.size() + " received: "
        + SPANS.stream().map(s -> s.service() + " " + s.name()).distinct().toList());
  }
}
