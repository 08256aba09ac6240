package org.personacollab.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.GatewayApplication;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.gateway.domain.Connection;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.kafka.EditPublisher;
import org.personacollab.gateway.kafka.OpsListener;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.observability.PersonaMetrics;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Welcome;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The gateway's metrics and its two parts of an edit's trace, on a real gateway with real Kafka:
 * an edit it produces starts a trace whose context is in the record's {@code traceparent}; an op
 * that comes back with a sampled {@code traceparent} is delivered under a child span; and
 * {@code /actuator/prometheus} shows every series the dashboard and alerts use, with values that
 * moved. (The socket handler only hands frames to the {@link EditPublisher}; sockets are
 * registered in the {@link SessionHub} as the handler registers them.)
 */
@WithInfra
class GatewayObservabilityIntegrationTest {
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static final WireCodec CODEC = new WireCodec();
  private static StubSessionService backend;
  private static ConfigurableApplicationContext gateway;
  private static String prefix;

  @Configuration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    SpanProcessor inMemorySpans() {
      return SimpleSpanProcessor.create(SPANS);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    backend = StubSessionService.start(new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate()));
    prefix = Infra.get().uniquePrefix();
    List<String> args = new ArrayList<>();
    Infra.get().springProperties(prefix).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.services.session-url=" + backend.url());
    args.add("--management.tracing.sampling.probability=1.0");
    gateway = new SpringApplicationBuilder(GatewayApplication.class, Spans.class).run(args.toArray(String[]::new));
    OpsListener listener = gateway.getBean(OpsListener.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Status.UP.equals(listener.health().block().getStatus()) && System.nanoTime() < deadline) Thread.sleep(100);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (backend != null) backend.close();
  }

  @Test
  void edit_startsATraceInItsHeader_opDeliveredUnderItsParent_andMetricsMove() throws Exception {
    KafkaSettings kafka = gateway.getBean(KafkaSettings.class);
    SessionHub hub = gateway.getBean(SessionHub.class);
    String session = "sess-" + UUID.randomUUID().toString().substring(0, 8);

    // A socket of the session on this gateway.
    Connection socket =
        new Connection("c1", session, "alice", "Alice", Identity.Role.EDITOR, 64, CODEC, (s, from, to) -> Mono.just(List.of()),
            (code, reason) -> {}, Duration.ofSeconds(1));
    List<String> frames = new CopyOnWriteArrayList<>();
    socket.outbound().subscribe(frames::add);
    hub.register(socket);
    socket.welcome(new Welcome(1, session, "c1", 0, JsonNodeFactory.instance.objectNode(), List.of("alice"), false), 0);

    try (KafkaConsumer<String, byte[]> edits = consumer(kafka.topics().edits());
        KafkaProducer<String, byte[]> producer = producer()) {
      // When the gateway produces a change of that socket
      gateway.getBean(EditPublisher.class)
          .publish(EditRecord.edit(session, "c1", 1, "alice", System.currentTimeMillis(), List.of("name"), CODEC.readTree("\"Sarah\"")))
          .block(Duration.ofSeconds(10));

      // Then its record carries the context of a sampled producer span
      ConsumerRecord<String, byte[]> edit = awaitRecord(edits, session);
      Header header = edit.headers().lastHeader(KafkaTracing.TRACEPARENT);
      assertThat(header).as("traceparent on the edit").isNotNull();
      String[] context = new String(header.value(), StandardCharsets.UTF_8).split("-");
      assertThat(context[3]).isEqualTo("01");
      SpanData send = awaitSpan(context[2]);
      assertThat(send.getName()).isEqualTo("persona.edits send");
      assertThat(send.getTraceId()).isEqualTo(context[1]);
      assertThat(send.getParentSpanContext().isValid()).as("a new trace per edit").isFalse();

      // When the sequencer's op comes back on persona.ops with its own span in the header
      String sequencerSpan = "b7ad6b7169203331";
      var op = new OpsRecord.Sequenced(session, 0, "c1", 1, CODEC.readTree("[{\"p\":[\"name\"],\"oi\":\"Sarah\"}]"), "alice",
          System.currentTimeMillis());
      var record = new ProducerRecord<>(kafka.topics().ops(), session, CODEC.writeBytes(op));
      record.headers().add(KafkaTracing.TRACEPARENT, ("00-" + context[1] + "-" + sequencerSpan + "-01").getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();

      // Then the socket gets it, under a delivery span that is the sequencer's child in the same trace
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (frames.stream().noneMatch(f -> f.contains("\"type\":\"op\"")) && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(frames).anyMatch(f -> f.contains("\"type\":\"op\""));
      SpanData deliver = awaitSpanNamed("persona.ops deliver");
      assertThat(deliver.getTraceId()).isEqualTo(context[1]);
      assertThat(deliver.getParentSpanId()).isEqualTo(sequencerSpan);
      assertThat(deliver.getAttributes().asMap().toString()).contains(session);
    }

    // And /actuator/prometheus shows every series of the dashboard, with values that moved.
    String metrics = scrape();
    Set<String> names = new TreeSet<>(PersonaMetrics.PROMETHEUS.get("gateway-service"));
    names.addAll(PersonaMetrics.PROMETHEUS.get("every"));
    for (String name : names) assertThat(metrics).as("series %s", name).containsPattern("(?m)^" + name + "[{ ]");
    assertThat(value(metrics, "persona_gateway_sockets", "")).isEqualTo(1.0);
    assertThat(value(metrics, "persona_gateway_sessions", "")).isEqualTo(1.0);
    assertThat(value(metrics, "persona_gateway_edits_total", "result=\"sent\"")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, "persona_gateway_ops_total", "")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, "persona_gateway_fanout_seconds_count", "")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, PersonaMetrics.KAFKA_CONSUMER_LAG_MAX, "")).isGreaterThanOrEqualTo(0.0);

    hub.unregister(socket);
    assertThat(value(scrape(), "persona_gateway_sockets", "")).isEqualTo(0.0);
  }

  @Test
  void unsampledOp_noSpan_andAnOpWithoutHeader_noSpan() throws Exception {
    KafkaSettings kafka = gateway.getBean(KafkaSettings.class);
    String session = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    int before = SPANS.getFinishedSpanItems().size();
    double opsBefore = value(scrape(), "persona_gateway_ops_total", "");
    try (KafkaProducer<String, byte[]> producer = producer()) {
      var op = new OpsRecord.Sequenced(session, 0, "c1", 1, CODEC.readTree("[]"), "alice", System.currentTimeMillis());
      var unsampled = new ProducerRecord<>(kafka.topics().ops(), session, CODEC.writeBytes(op));
      unsampled.headers().add(KafkaTracing.TRACEPARENT, ("00-" + "3".repeat(32) + "-" + "4".repeat(16) + "-00").getBytes(StandardCharsets.UTF_8));
      producer.send(unsampled).get();
      producer.send(new ProducerRecord<>(kafka.topics().ops(), session, CODEC.writeBytes(op))).get();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (value(scrape(), "persona_gateway_ops_total", "") < opsBefore + 2 && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(value(scrape(), "persona_gateway_ops_total", "")).isEqualTo(opsBefore + 2);
    assertThat(SPANS.getFinishedSpanItems().subList(before, SPANS.getFinishedSpanItems().size()))
        .noneMatch(s -> s.getName().equals("persona.ops deliver") && s.getAttributes().asMap().toString().contains(session));
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static KafkaProducer<String, byte[]> producer() {
    return Infra.get().producer();
  }

  private static ConsumerRecord<String, byte[]> awaitRecord(KafkaConsumer<String, byte[]> consumer, String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (key.equals(r.key())) return r;
      }
    }
    throw new AssertionError("no record of " + key);
  }

  private static SpanData awaitSpan(String spanId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (SpanData span : SPANS.getFinishedSpanItems()) if (span.getSpanId().equals(spanId)) return span;
      Thread.sleep(20);
    }
    throw new AssertionError("no span " + spanId + " among " + SPANS.getFinishedSpanItems());
  }

  private static SpanData awaitSpanNamed(String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (SpanData span : SPANS.getFinishedSpanItems()) if (span.getName().equals(name)) return span;
      Thread.sleep(20);
    }
    throw new AssertionError("no span " + name + " among " + SPANS.getFinishedSpanItems());
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(StubSessionService.base(gateway) + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The sum of a series' samples whose labels contain {@code labelPart}. */
  static double value(String metrics, String name, String labelPart) {
    double sum = 0;
    boolean found = false;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("#")) continue;
      boolean labelled = line.startsWith(name + "{");
      if (!labelled && !line.startsWith(name + " ")) continue;
      String labels = labelled ? line.substring(name.length(), line.lastIndexOf('}') + 1) : "";
      if (!labels.contains(labelPart)) continue;
      String rest = labelled ? line.substring(line.lastIndexOf('}') + 1) : line.substring(name.length());
      sum += Double.parseDouble(rest.trim().split(" ")[0]);
      found = true;
    }
    assertThat(found).as("series %s{%s}", name, labelPart).isTrue();
    return sum;
  }
}
