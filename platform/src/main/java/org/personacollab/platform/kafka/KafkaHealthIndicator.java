package org.personacollab.platform.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * UP when the broker answers a cluster description and this deployment's topics exist. Part of
 * the readiness group: a service that cannot reach Kafka takes no traffic.
 */
public final class KafkaHealthIndicator extends AbstractReactiveHealthIndicator {
  private final Admin admin;
  private final TopicProvisioner provisioner;
  private final Duration timeout;

  public KafkaHealthIndicator(Admin admin, TopicProvisioner provisioner, Duration timeout) {
    super("Kafka health check failed");
    this.admin = admin;
    this.provisioner = provisioner;
    this.timeout = timeout;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    var result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
    return Mono.fromCompletionStage(result.nodes().toCompletionStage())
        .timeout(timeout)
        .map(
            nodes -> {
              builder.withDetail("nodes", nodes.size()).withDetail("topics", provisioner.isDone() ? "ready" : "pending");
              return (nodes.isEmpty() || !provisioner.isDone() ? builder.down() : builder.up()).build();
            });
  }
}
