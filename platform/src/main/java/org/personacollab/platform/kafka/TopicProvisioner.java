package org.personacollab.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Creates the topics this deployment needs if they are missing, in the background and with
 * retries, so that a service started before the broker becomes ready once the broker is up
 * instead of failing. Both topics are partitioned alike, by session id, so that the sequencer
 * instance that owns a session's edits partition writes the same partition of ops.
 *
 * <p>Ops are the system of record: they are kept ({@code retention.ms=-1}). Edits are input
 * only and may expire after a week. The audit log is kept like the ops. Snapshots are compacted
 * (the latest per session survives).
 */
public final class TopicProvisioner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final KafkaSettings settings;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Disposable task = () -> {};

  public TopicProvisioner(Admin admin, KafkaSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  /** Starts provisioning (or, if topic creation is switched off, only marks it done). */
  public void start() {
    if (!settings.properties().createTopics()) {
      done.set(true);
      return;
    }
    task =
        Mono.fromCallable(this::createMissing)
            .subscribeOn(Schedulers.boundedElastic())
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(s -> log.warn("Kafka topics not ready yet ({}); retrying", s.failure().toString())))
            .subscribe(created -> done.set(true), e -> log.error("Giving up on topic provisioning", e));
  }

  /** True once the topics exist. */
  public boolean isDone() {
    return done.get();
  }

  private List<String> createMissing() throws InterruptedException, ExecutionException, TimeoutException {
    var props = settings.properties();
    var topics = settings.topics();
    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    List<NewTopic> wanted = new ArrayList<>();
    if (!existing.contains(topics.edits())) {
      wanted.add(
          new NewTopic(topics.edits(), props.partitions(), props.replicationFactor())
              .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(7).toMillis()))));
    }
    if (!existing.contains(topics.ops())) {
      wanted.add(
          new NewTopic(topics.ops(), props.partitions(), props.replicationFactor())
              .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    }
    if (!existing.contains(topics.audit())) {
      wanted.add(
          new NewTopic(topics.audit(), props.partitions(), props.replicationFactor())
              .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    }
    if (!existing.contains(topics.snapshots())) {
      // Compacted: only each session's latest snapshot and each partition's latest checkpoint matter.
      wanted.add(
          new NewTopic(topics.snapshots(), props.partitions(), props.replicationFactor())
              .configs(Map.of(
                  TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                  TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0",
                  TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()))));
    }
    List<String> created = new ArrayList<>();
    for (NewTopic topic : wanted) {
      try {
        admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        created.add(topic.name());
        log.info("Created Kafka topic {} with {} partitions", topic.name(), topic.numPartitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
    return created;
  }

  @Override
  public void close() {
    task.dispose();
  }
}
