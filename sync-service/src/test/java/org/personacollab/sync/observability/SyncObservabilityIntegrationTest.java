package org.personacollab.sync.observability;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.observability.PersonaMetrics;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * sync-service's metrics and its part of an edit's trace, on the real service (web server, Kafka,
 * Redis): edits go in, and then {@code /actuator/prometheus} shows every series the dashboard and
 * alerts use with values that moved, and a sampled edit's {@code traceparent} is continued by a
 * span that the op carries on to the gateways.
 */
@WithInfra
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.tracing.sampling.probability=1.0"})
class SyncObservabilityIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();
  private static final WireCodec CODEC = new WireCodec();
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static KafkaProducer<String, byte[]> producer;
  private static KafkaConsumer<String, byte[]> consumer;

  @TestConfiguration
  static class Spans {
    /** Every ended span, at once (Boot adds span processor beans to its tracer provider). */
    @Bean
    SpanProcessor inMemorySpans() {
      return SimpleSpanProcessor.create(SPANS);
    }
  }

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 2);
  }

  @LocalServerPort int port;
  @Autowired KafkaTracing tracing;

  @BeforeAll
  static void clients() {
    Infra infra = Infra.get();
    infra.createTopics(Map.of(PREFIX + ".edits", 2, PREFIX + ".ops", 2));
    producer = Infra.get().producer();
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(PREFIX + ".ops"));
  }

  @AfterAll
  static void close() {
    producer.close();
    consumer.close();
  }

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String GATEWAY_SPAN = "00f067aa0ba902b7";

  @Test
  void sampledEdit_traceContinuedIntoTheOp_unsampledOnesCarryNothing_andMetricsMove() throws Exception {
    String session = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    double appliedBefore = scrapeValue(scrape(), "persona_sync_edits_total", "outcome=\"applied\"");
    // Given: one edit as a sampled gateway span sends it, one as an unsampled one, one without a header.
    send(session, "c1", 1, "\"Sarah\"", "00-" + TRACE_ID + "-" + GATEWAY_SPAN + "-01");
    send(session, "c1", 2, "\"Sam\"", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-00");
    send(session, "c1", 3, "\"Sue\"", null);
    producer.flush();

    // When the sequencer has written their ops
    List<ConsumerRecord<String, byte[]>> ops = awaitOps(session, 3);

    // Then the sampled one's op carries a child of the gateway's span, in the same trace
    Header traced = ops.get(0).headers().lastHeader(KafkaTracing.TRACEPARENT);
    assertThat(traced).as("traceparent on the op of the sampled edit").isNotNull();
    String[] parts = new String(traced.value(), StandardCharsets.UTF_8).split("-");
    assertThat(parts[1]).isEqualTo(TRACE_ID);
    assertThat(parts[2]).isNotEqualTo(GATEWAY_SPAN);
    assertThat(parts[3]).isEqualTo("01");
    SpanData sequenced = awaitSpan(parts[2]);
    assertThat(sequenced.getName()).isEqualTo("persona.edits sequence");
    assertThat(sequenced.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(sequenced.getParentSpanId()).isEqualTo(GATEWAY_SPAN);
    assertThat(sequenced.getAttributes().asMap().toString()).contains(session).contains("applied");
    // and the others none, and no span was made for them.
    assertThat(ops.get(1).headers().lastHeader(KafkaTracing.TRACEPARENT)).isNull();
    assertThat(ops.get(2).headers().lastHeader(KafkaTracing.TRACEPARENT)).isNull();
    assertThat(SPANS.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("persona.edits sequence")).hasSize(1);

    // And /actuator/prometheus shows every series the dashboard and alerts use
    String metrics = scrape();
    for (String name : union(PersonaMetrics.PROMETHEUS.get("sync-service"), PersonaMetrics.PROMETHEUS.get("every"))) {
      assertThat(metrics).as("series %s", name).containsPattern("(?m)^" + name + "[{ ]");
    }
    // with values that moved.
    assertThat(scrapeValue(metrics, "persona_sync_edits_total", "outcome=\"applied\"") - appliedBefore).isEqualTo(3.0);
    assertThat(scrapeValue(metrics, "persona_sync_batch_seconds_count", "")).isGreaterThanOrEqualTo(1.0);
    assertThat(scrapeValue(metrics, "persona_sync_edit_delay_seconds_count", "")).isGreaterThanOrEqualTo(3.0);
    assertThat(scrapeValue(metrics, "persona_sync_sessions", "")).isGreaterThanOrEqualTo(1.0);
    assertThat(scrapeValue(metrics, PersonaMetrics.KAFKA_CONSUMER_LAG_MAX, "")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void snapshotAge_growsWhileAChangeWaitsForItsSnapshot() throws Exception {
    // snapshot-every-ops is 100 and the checkpoint interval 10 s: one edit stays unsnapshotted.
    String session = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    send(session, "c1", 1, "\"Ann\"", null);
    producer.flush();
    awaitOps(session, 1);
    double first = scrapeValue(scrape(), "persona_sync_snapshot_age_seconds", "");
    Thread.sleep(1200);
    double later = scrapeValue(scrape(), "persona_sync_snapshot_age_seconds", "");
    assertThat(later).isGreaterThanOrEqualTo(first + 1.0);
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void send(String session, String src, long seq, String value, String traceparent) {
    var edit = EditRecord.edit(session, src, seq, "alice", System.currentTimeMillis(), List.of("name"), CODEC.readTree(value));
    var record = new ProducerRecord<>(PREFIX + ".edits", session, CODEC.writeBytes(edit));
    if (traceparent != null) record.headers().add(KafkaTracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    producer.send(record);
  }

  private static List<ConsumerRecord<String, byte[]>> awaitOps(String session, int count) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> {
        if (r.key().equals(session)) {
          assertThat(CODEC.read(r.value(), OpsRecord.class)).isInstanceOf(OpsRecord.Sequenced.class);
          out.add(r);
        }
      });
    }
    assertThat(out).as("ops of " + session).hasSize(count);
    return out;
  }

  private static SpanData awaitSpan(String spanId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (SpanData span : SPANS.getFinishedSpanItems()) {
        if (span.getSpanId().equals(spanId)) return span;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no span " + spanId + " among " + SPANS.getFinishedSpanItems());
  }

  private String scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The sum of a series' samples whose labels contain {@code labelPart} (Prometheus text format). */
  static double scrapeValue(String metrics, String name, String labelPart) {
    double sum = 0;
    boolean found = false;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("#")) continue;
      if (!(line.startsWith(name + "{") || line.startsWith(name + " "))) continue;
      String labels = line.startsWith(name + "{") ? line.substring(name.length(), line.lastIndexOf('}') + 1) : "";
      if (!labels.contains(labelPart)) continue;
      String[] fields = line.substring(line.lastIndexOf('}') + 1).trim().split(" ");
      if (!line.startsWith(name + "{")) fields = line.substring(name.length()).trim().split(" ");
      sum += Double.parseDouble(fields[0]);
      found = true;
    }
    assertThat(found).as("series %s{%s} in\n%s", name, labelPart, metrics.length() > 4000 ? metrics.substring(0, 4000) : metrics).isTrue();
    return sum;
  }
}
