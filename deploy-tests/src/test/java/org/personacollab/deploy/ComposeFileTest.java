package org.personacollab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.protocol.kafka.TopicNames;

/**
 * docker-compose.yml as {@code docker-compose config} (Debian's docker-compose package) resolves
 * it, checked against the rules of issue 9: healthchecks, depends_on with conditions, memory
 * limits, topics created as the services expect, one URL.
 */
class ComposeFileTest {
  /** The four services and the port each listens on (their images expose the same). */
  static final Map<String, Integer> SERVICES =
      Map.of("gateway-service", 8080, "session-service", 8081, "sync-service", 8082, "generation-service", 8083);

  static JsonNode resolved;

  @BeforeAll
  static void config() throws IOException {
    Repo.Result r = Repo.run(Repo.root(), "docker-compose", "-f", "docker-compose.yml", "config");
    assertThat(r.exitCode()).as("docker-compose config:\n" + r.stderr()).isZero();
    resolved = Manifests.YAML.readTree(r.stdout());
  }

  @Test
  void composeFile_followsEveryRule() {
    assertThat(violations(resolved)).isEmpty();
    assertThat(resolved.path("services").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("kafka", "kafka-init", "redis", "keys-init", "gateway-service", "session-service", "sync-service", "generation-service");
    assertThat(resolved.path("services").path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(resolved.path("services").path("redis").path("image").asText()).startsWith("redis:7");
  }

  @Test
  void kafkaInit_createsTheTopicsAsTheKubernetesManifestsDeclareThem() {
    String script = resolved.path("services").path("kafka-init").path("command").toString();
    int partitions = resolved.path("services").path("kafka-init").path("environment").path("PERSONA_PARTITIONS").asInt();
    int k8sPartitions = ManifestRules.settings(Manifests.render("deploy/overlays/prod")).path("persona").path("kafka").path("partitions").asInt();

    assertThat(partitions).isEqualTo(k8sPartitions);
    ManifestRules.TOPIC_CONFIG.forEach((topic, config) -> {
      assertThat(script).contains("--topic " + topic + " ");
      config.forEach((key, value) -> assertThat(script).contains("--topic " + topic).contains("--config " + key + "=" + value));
    });
    assertThat(ManifestRules.TOPIC_CONFIG.keySet())
        .containsExactlyInAnyOrder(TopicNames.DEFAULT.edits(), TopicNames.DEFAULT.ops(), TopicNames.DEFAULT.audit(), TopicNames.DEFAULT.snapshots());
  }

  @Test
  void rules_catchAServiceWithoutHealthcheckOrMemoryLimit() {
    ObjectNode broken = resolved.deepCopy();
    ((ObjectNode) broken.path("services").path("sync-service")).remove("healthcheck");
    ((ObjectNode) broken.path("services").path("redis")).remove("mem_limit");

    assertThat(violations(broken)).containsExactlyInAnyOrder(
        "redis: no memory limit", "sync-service: no healthcheck", "sync-service: healthcheck does not ask its own readiness (port 8082)");
  }

  @Test
  void rules_catchADependencyWithoutCondition_andASecondPublishedPort() {
    ObjectNode broken = resolved.deepCopy();
    ((ObjectNode) broken.path("services").path("gateway-service").path("depends_on").path("redis")).put("condition", "service_started");
    ((ObjectNode) broken.path("services").path("session-service")).putArray("ports").addObject().put("published", 8081).put("target", 8081);

    assertThat(violations(broken)).containsExactlyInAnyOrder(
        "gateway-service: depends on redis with condition service_started (must wait until it is healthy or done)",
        "session-service: publishes a port; only the gateway is reachable from outside");
  }

  @Test
  void dockerComposeConfig_rejectsABrokenFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("docker-compose.yml"),
        """
        services:
          web:
            image: example/web:1
            depends_on:
              db:
                condition: service_healthy
        """, StandardCharsets.UTF_8);

    Repo.Result r = Repo.run(dir, "docker-compose", "-f", "docker-compose.yml", "config");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("db");
  }

  static List<String> violations(JsonNode compose) {
    List<String> v = new ArrayList<>();
    Set<String> oneShot = Set.of("kafka-init", "keys-init");
    compose.path("services").fields().forEachRemaining(e -> {
      String name = e.getKey();
      JsonNode s = e.getValue();
      if (!s.has("mem_limit") && s.path("deploy").path("resources").path("limits").path("memory").isMissingNode()) v.add(name + ": no memory limit");
      if (!oneShot.contains(name) && !s.path("healthcheck").has("test")) v.add(name + ": no healthcheck");
      s.path("depends_on").fields().forEachRemaining(d -> {
        String condition = d.getValue().path("condition").asText();
        if (!condition.equals("service_healthy") && !condition.equals("service_completed_successfully")) {
          v.add(name + ": depends on " + d.getKey() + " with condition " + condition + " (must wait until it is healthy or done)");
        }
      });
      if (s.has("ports") && !name.equals("gateway-service")) v.add(name + ": publishes a port; only the gateway is reachable from outside");
      Integer port = SERVICES.get(name);
      if (port != null) {
        String probe = s.path("healthcheck").path("test").toString();
        if (!probe.contains("http://127.0.0.1:" + port + "/actuator/health/readiness")) v.add(name + ": healthcheck does not ask its own readiness (port " + port + ")");
        for (String needed : List.of("kafka-init", "redis")) {
          if (!s.path("depends_on").has(needed)) v.add(name + ": does not wait for " + needed);
        }
      }
    });
    JsonNode gateway = compose.path("services").path("gateway-service").path("ports");
    boolean published = false;
    for (JsonNode p : gateway) published |= p.path("target").asInt() == 8080;
    if (!published) v.add("gateway-service: port 8080 is not published (the one URL)");
    return v;
  }
}
