package org.personacollab.platform.observability;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The meters the services register, and the Prometheus series they show at
 * {@code /actuator/prometheus}. One list for the code that registers them, the tests that scrape
 * them, and the test of the Grafana dashboard and alert rules ({@code deploy/}), so a renamed
 * meter fails a build instead of leaving an empty panel or a silent alert. docs/observability.md
 * explains each.
 */
public final class PersonaMetrics {
  private PersonaMetrics() {}

  // gateway-service
  /** Gauge: open client sockets on this gateway. */
  public static final String GATEWAY_SOCKETS = "persona.gateway.sockets";
  /** Gauge: sessions with at least one socket on this gateway. */
  public static final String GATEWAY_SESSIONS = "persona.gateway.sessions";
  /** Counter, tag {@code result} ({@code sent}, {@code failed}): client changes produced to {@code persona.edits}. */
  public static final String GATEWAY_EDITS = "persona.gateway.edits";
  /** Counter: sequenced ops read from {@code persona.ops} (all sessions, hosted here or not). */
  public static final String GATEWAY_OPS = "persona.gateway.ops";
  /** Timer (histogram): from the sequencer's timestamp of an op to its frame queued on every socket of the session here. */
  public static final String GATEWAY_FANOUT = "persona.gateway.fanout";

  // sync-service
  /** Counter, tag {@code outcome} ({@code applied}, {@code rejected}, {@code duplicate}): edits sequenced. */
  public static final String SYNC_EDITS = "persona.sync.edits";
  /** Timer (histogram): one batch sequenced and committed (one Kafka transaction). */
  public static final String SYNC_BATCH = "persona.sync.batch";
  /** Timer (histogram): from the gateway taking an edit to the sequencer sequencing it. */
  public static final String SYNC_EDIT_DELAY = "persona.sync.edit.delay";
  /** Time gauge: how long the oldest change not held by any snapshot has waited (owned sessions). */
  public static final String SYNC_SNAPSHOT_AGE = "persona.sync.snapshot.age";
  /** Gauge: sessions this instance owns (holds in memory). */
  public static final String SYNC_SESSIONS = "persona.sync.sessions";
  /** Counter: session snapshots written. */
  public static final String SYNC_SNAPSHOTS = "persona.sync.snapshots";
  /** Counter: batches aborted and redone. */
  public static final String SYNC_ABORTS = "persona.sync.aborts";
  /**
   * Counter, tag {@code outcome} ({@code refilled}, {@code lost}): ops the read model lacked after
   * a takeover (their committer died before storing them), read back from the ops log, or gone
   * from it.
   */
  public static final String SYNC_READ_MODEL_REFILLS = "persona.sync.read.model.refills";

  // generation-service
  /** Timer (histogram), tag {@code provider}: from calling the provider to its first piece of text. */
  public static final String GENERATION_FIRST_TOKEN = "persona.generation.first.token";
  /** Counter, tag {@code provider}: characters streamed by providers. */
  public static final String GENERATION_CHARACTERS = "persona.generation.characters";
  /** Counter, tag {@code provider}: pieces of text (stream deltas, roughly tokens) received from providers. */
  public static final String GENERATION_DELTAS = "persona.generation.deltas";
  /** Counter, tags {@code provider}, {@code outcome} ({@code completed}, {@code failed}, {@code cancelled}): provider streams ended. */
  public static final String GENERATION_STREAMS = "persona.generation.streams";

  /** The Kafka client metric of the consumers' lag (records), from Micrometer's {@code KafkaClientMetrics}. */
  public static final String KAFKA_CONSUMER_LAG_MAX = "kafka_consumer_fetch_manager_records_lag_max";

  /**
   * Per service, the Prometheus series names our dashboard and alerts use, as
   * {@code /actuator/prometheus} shows them once the service has done the work they measure.
   */
  public static final Map<String, Set<String>> PROMETHEUS =
      Map.of(
          "gateway-service",
          Set.of(
              "persona_gateway_sockets",
              "persona_gateway_sessions",
              "persona_gateway_edits_total",
              "persona_gateway_ops_total",
              "persona_gateway_fanout_seconds_bucket",
              "persona_gateway_fanout_seconds_count",
              "persona_gateway_fanout_seconds_sum",
              "persona_gateway_fanout_seconds_max",
              KAFKA_CONSUMER_LAG_MAX),
          "sync-service",
          Set.of(
              "persona_sync_edits_total",
              "persona_sync_batch_seconds_bucket",
              "persona_sync_batch_seconds_count",
              "persona_sync_batch_seconds_sum",
              "persona_sync_edit_delay_seconds_bucket",
              "persona_sync_edit_delay_seconds_count",
              "persona_sync_snapshot_age_seconds",
              "persona_sync_sessions",
              "persona_sync_snapshots_total",
              "persona_sync_aborts_total",
              "persona_sync_read_model_refills_total",
              KAFKA_CONSUMER_LAG_MAX),
          "generation-service",
          Set.of(
              "persona_generation_first_token_seconds_bucket",
              "persona_generation_first_token_seconds_count",
              "persona_generation_first_token_seconds_sum",
              "persona_generation_characters_total",
              "persona_generation_deltas_total",
              "persona_generation_streams_total",
              "resilience4j_circuitbreaker_state"),
          "every",
          Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "process_cpu_usage"),
          // Registered by Micrometer at a service's first garbage collection, so not there yet in a
          // freshly started one.
          "every, after a GC",
          Set.of("jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum"));

  /** Every series name above, sorted. */
  public static Set<String> allPrometheusNames() {
    Set<String> all = new TreeSet<>();
    PROMETHEUS.values().forEach(all::addAll);
    return all;
  }

  /** The services, as {@code spring.application.name} names them (and the {@code application} tag shows). */
  public static final List<String> SERVICES = List.of("gateway-service", "sync-service", "generation-service", "session-service");
}
