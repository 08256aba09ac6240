package org.personacollab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.config.PersonaProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** Both overlays follow the rules of {@link ManifestRules}, and each rule catches what it is for. */
class KubernetesManifestsTest {
  static String devYaml;

  @BeforeAll
  static void render() {
    devYaml = Manifests.kustomize("deploy/overlays/dev");
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/overlays/dev", "deploy/overlays/prod"})
  void overlay_followsEveryRule(String overlay) {
    Manifests.Rendered r = Manifests.render(overlay);

    assertThat(r.problems()).isEmpty();
    assertThat(ManifestRules.all(r)).isEmpty();
    assertThat(r.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("gateway-service", "session-service", "sync-service", "generation-service");
    assertThat(r.all(PodDisruptionBudget.class)).hasSize(4);
    assertThat(r.all(KafkaTopic.class)).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/overlays/dev", "deploy/overlays/prod"})
  void sharedSettings_bindAndValidate_asTheServicesWould(String overlay) {
    JsonNode settings = ManifestRules.settings(Manifests.render(overlay));

    Binder binder = binder(settings);
    CollaborationProperties collaboration = binder.bind("collaboration", Bindable.of(CollaborationProperties.class), validating()).get();
    PersonaProperties persona = binder.bindOrCreate("persona", Bindable.of(PersonaProperties.class), validating());

    assertThat(collaboration.enabled()).isTrue();
    assertThat(collaboration.conflictResolution()).isEqualTo(CollaborationProperties.ConflictResolution.OT);
    assertThat(persona.kafka().createTopics()).isFalse();
    assertThat(persona.kafka().partitions()).isEqualTo(12);
  }

  @Test
  void sharedSettings_badCollaborationValue_isRefused() {
    JsonNode settings = ManifestRules.settings(Manifests.read(devYaml));
    ((com.fasterxml.jackson.databind.node.ObjectNode) settings.path("collaboration").path("server")).put("max_sessions", 0);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> binder(settings).bind("collaboration", Bindable.of(CollaborationProperties.class), validating()))
        .hasStackTraceContaining("maxSessions");
  }

  @Test
  void prod_rendersNoSecret_andDocumentsHowToCreateEach() throws Exception {
    Manifests.Rendered prod = Manifests.render("deploy/overlays/prod");
    String operations = Files.readString(Repo.root().resolve("docs/operations.md"), StandardCharsets.UTF_8);

    assertThat(prod.all(Secret.class)).isEmpty();
    for (String name : ManifestRules.EXTERNAL_SECRETS) {
      assertThat(operations).as("docs/operations.md tells how to create " + name).containsPattern("kubectl[^\\n]* create secret [a-z]+ " + name + "\\b");
    }
  }

  @Test
  void dev_generatesItsSecrets_withAnEcSigningKey() throws Exception {
    Manifests.Rendered dev = Manifests.read(devYaml);

    Secret key = dev.all(Secret.class).stream().filter(s -> s.getMetadata().getName().startsWith("persona-signing-key")).findFirst().orElseThrow();
    JsonNode jwk = Manifests.JSON.readTree(Base64.getMimeDecoder().decode(key.getData().get("session-signing-key.json")));
    assertThat(jwk.path("kty").asText()).isEqualTo("EC");
    assertThat(jwk.path("crv").asText()).isEqualTo("P-256");
    assertThat(jwk.path("d").asText()).isNotBlank();
    assertThat(jwk.path("kid").asText()).startsWith("dev-only");
    assertThat(dev.all(Secret.class)).extracting(s -> s.getMetadata().getName().replaceAll("-[a-z0-9]{10}$", ""))
        .contains("persona-gateway", "persona-providers", "persona-signing-key");
  }

  /** Each rule, shown to fail on the mistake it exists for (the dev overlay, changed one way). */
  @Nested
  class RulesCatch {
    private List<String> violationsAfter(Consumer<Manifests.Rendered> change) {
      Manifests.Rendered r = Manifests.read(devYaml);
      assertThat(ManifestRules.all(r)).as("the unchanged overlay is clean").isEmpty();
      change.accept(r);
      return ManifestRules.all(r);
    }

    private static Deployment deployment(Manifests.Rendered r, String name) {
      return r.named(Deployment.class, name);
    }

    @Test
    void missingReadinessProbe() {
      assertThat(violationsAfter(r -> deployment(r, "gateway-service").getSpec().getTemplate().getSpec().getContainers().get(0).setReadinessProbe(null)))
          .containsExactly("Deployment/gateway-service/gateway-service: needs an HTTP probe on /actuator/health/readiness");
    }

    @Test
    void probeOnAPortTheContainerLacks() {
      assertThat(violationsAfter(r -> deployment(r, "sync-service").getSpec().getTemplate().getSpec().getContainers().get(0)
              .getLivenessProbe().getHttpGet().setPort(new IntOrString("management"))))
          .containsExactly("Deployment/sync-service/sync-service: probe on /actuator/health/liveness names port management, which the container does not have");
    }

    @Test
    void missingMemoryLimit() {
      assertThat(violationsAfter(r -> deployment(r, "session-service").getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().remove("memory")))
          .containsExactly("Deployment/session-service/session-service: no memory limit");
    }

    @Test
    void graceShorterThanTheSequencersShutdown() {
      assertThat(violationsAfter(r -> deployment(r, "sync-service").getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(30L)))
          .containsExactly("Deployment/sync-service: terminationGracePeriodSeconds 30 is less than the 40 s its shutdown takes");
    }

    @Test
    void rolloutThatDropsCapacity() {
      assertThat(violationsAfter(r -> deployment(r, "gateway-service").getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(1))))
          .containsExactly("Deployment/gateway-service: maxUnavailable must be 0 (capacity must not drop in a rollout)");
    }

    @Test
    void moreSequencersThanPartitions() {
      assertThat(violationsAfter(r -> r.named(HorizontalPodAutoscaler.class, "sync-service").getSpec().setMaxReplicas(13)))
          .containsExactly("HorizontalPodAutoscaler/sync-service: maxReplicas 13 exceeds the 12 partitions of persona.edits (one owner per partition)");
    }

    @Test
    void gatewayHpaWithoutTheSocketsMetric() {
      assertThat(violationsAfter(r -> r.named(HorizontalPodAutoscaler.class, "gateway-service").getSpec().getMetrics().removeIf(m -> "Pods".equals(m.getType()))))
          .containsExactly("HorizontalPodAutoscaler/gateway-service: the gateway also scales on open sockets (Pods metric persona_gateway_sockets)");
    }

    @Test
    void snapshotTopicNotCompacted() {
      assertThat(violationsAfter(r -> r.named(KafkaTopic.class, "persona-snapshots").getSpec().getConfig().put("cleanup.policy", "delete")))
          .containsExactly("KafkaTopic/persona-snapshots: cleanup.policy is delete, the services create it with compact");
    }

    @Test
    void topicWithOtherPartitionsThanTheServices() {
      assertThat(violationsAfter(r -> r.named(KafkaTopic.class, "persona-ops").getSpec().setPartitions(6)))
          .containsExactly("KafkaTopic/persona-ops: 6 partitions, the services are configured for 12");
    }

    @Test
    void missingPodDisruptionBudget() {
      assertThat(violationsAfter(r -> r.objects().removeIf(o -> o instanceof PodDisruptionBudget p && p.getMetadata().getName().equals("generation-service"))))
          .containsExactly("Deployment/generation-service: no PodDisruptionBudget selects its pods");
    }

    @Test
    void internalServiceOpenedToEveryone() {
      NetworkPolicy open = new NetworkPolicyBuilder()
          .withNewMetadata().withName("oops").endMetadata()
          .withNewSpec().withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "sync-service").endPodSelector()
          .addNewIngress().addNewPort().withPort(new IntOrString(8082)).endPort().endIngress()
          .withPolicyTypes("Ingress").endSpec()
          .build();

      assertThat(violationsAfter(r -> r.objects().add(open)))
          .containsExactly("NetworkPolicy/oops: opens {app.kubernetes.io/name=sync-service} to everyone; only the gateway may be reachable from outside");
    }

    @Test
    void noDefaultDeny() {
      assertThat(violationsAfter(r -> r.objects().removeIf(o -> o instanceof NetworkPolicy p && p.getMetadata().getName().equals("default-deny-ingress"))))
          .containsExactly("no default-deny NetworkPolicy (empty podSelector, Ingress, no rules)");
    }

    @Test
    void ingressWithNginxsDefaultTimeout() {
      assertThat(violationsAfter(r -> r.named(Ingress.class, "persona").getMetadata().getAnnotations().remove("nginx.ingress.kubernetes.io/proxy-read-timeout")))
          .containsExactly("Ingress/persona: nginx.ingress.kubernetes.io/proxy-read-timeout must be at least 3600 for WebSockets (nginx's 60 s default would cut quiet sockets)");
    }

    @Test
    void secretThatNobodyCreates() {
      assertThat(violationsAfter(r -> deployment(r, "gateway-service").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
              .filter(e -> e.getValueFrom() != null).findFirst().orElseThrow().getValueFrom().getSecretKeyRef().setName("persona-typo")))
          .containsExactly("Deployment/gateway-service: names Secret persona-typo, which is neither rendered nor one the operator creates ("
              + ManifestRules.EXTERNAL_SECRETS + ")");
    }
  }

  // ---- binding the shared settings like Spring Boot does ------------------------------------

  private static Binder binder(JsonNode settings) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", settings, flat);
    return new Binder(new MapConfigurationPropertySource(flat));
  }

  private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(items::add);
      for (int i = 0; i < items.size(); i++) flatten(prefix + "[" + i + "]", items.get(i), out);
    } else {
      out.put(prefix, node.asText());
    }
  }

  private static BindHandler validating() {
    LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
    validator.afterPropertiesSet();
    return new ValidationBindHandler(validator);
  }
}
