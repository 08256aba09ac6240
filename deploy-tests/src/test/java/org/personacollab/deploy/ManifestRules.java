package org.personacollab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.personacollab.protocol.kafka.TopicNames;

/**
 * What a rendered overlay must satisfy beyond the schemas: the operational rules of issue 9 and
 * docs/operations.md, and that objects which name each other agree. Each rule returns the
 * violations it finds (empty: none), so that a test can also show that a broken object is caught.
 */
final class ManifestRules {
  private ManifestRules() {}

  /** The Secrets an operator creates before applying the prod overlay (docs/operations.md#secrets). */
  static final Set<String> EXTERNAL_SECRETS = Set.of("persona-signing-key", "persona-gateway", "persona-providers", "persona-tls");

  /**
   * The least grace each service needs to shut down cleanly after SIGTERM (docs/operations.md#rolling-updates):
   * the web server's graceful shutdown is 20 s (spring.lifecycle.timeout-per-shutdown-phase), the
   * sequencer's stop up to 30 s plus 10 s for the read model, plus any preStop pause.
   */
  static final Map<String, Integer> MIN_SHUTDOWN_SECONDS =
      Map.of("gateway-service", 20, "session-service", 20, "sync-service", 40, "generation-service", 20);

  static List<String> all(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    v.addAll(workloads(r));
    v.addAll(autoscaling(r));
    v.addAll(topics(r));
    v.addAll(networkPolicies(r));
    v.addAll(ingress(r));
    v.addAll(references(r));
    return v;
  }

  // ---- Deployments and StatefulSets ---------------------------------------------------------

  static List<String> workloads(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    for (Deployment d : r.all(Deployment.class)) {
      String id = "Deployment/" + d.getMetadata().getName();
      Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
      if (!selects(d.getSpec().getSelector(), podLabels)) v.add(id + ": selector does not match the pod labels");
      var strategy = d.getSpec().getStrategy();
      if (strategy == null || !"RollingUpdate".equals(strategy.getType()) || strategy.getRollingUpdate() == null) {
        v.add(id + ": needs a RollingUpdate strategy");
      } else {
        if (!isZero(strategy.getRollingUpdate().getMaxUnavailable())) v.add(id + ": maxUnavailable must be 0 (capacity must not drop in a rollout)");
        if (isZero(strategy.getRollingUpdate().getMaxSurge())) v.add(id + ": maxSurge must be at least 1");
      }
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      v.addAll(pod(id, pod));
      Long grace = pod.getTerminationGracePeriodSeconds();
      int preStop = pod.getContainers().stream().mapToInt(ManifestRules::preStopSeconds).max().orElse(0);
      int needed = MIN_SHUTDOWN_SECONDS.getOrDefault(d.getMetadata().getName(), 20) + preStop;
      if (grace == null || grace < needed) v.add(id + ": terminationGracePeriodSeconds " + grace + " is less than the " + needed + " s its shutdown takes");
      for (Container c : pod.getContainers()) v.addAll(actuatorProbes(id, c));
      if (r.all(PodDisruptionBudget.class).stream().noneMatch(p -> selects(p.getSpec().getSelector(), podLabels))) {
        v.add(id + ": no PodDisruptionBudget selects its pods");
      }
      List<Service> services = r.all(Service.class).stream().filter(s -> selectsMap(s.getSpec().getSelector(), podLabels)).toList();
      if (services.isEmpty()) v.add(id + ": no Service selects its pods");
      for (Service s : services) {
        for (var port : s.getSpec().getPorts()) {
          if (!hasPort(pod, port.getTargetPort())) v.add("Service/" + s.getMetadata().getName() + ": targetPort " + show(port.getTargetPort()) + " is no container port of " + id);
        }
      }
    }
    for (StatefulSet s : r.all(StatefulSet.class)) {
      String id = "StatefulSet/" + s.getMetadata().getName();
      if (!selects(s.getSpec().getSelector(), s.getSpec().getTemplate().getMetadata().getLabels())) v.add(id + ": selector does not match the pod labels");
      v.addAll(pod(id, s.getSpec().getTemplate().getSpec()));
      for (Container c : s.getSpec().getTemplate().getSpec().getContainers()) {
        if (c.getLivenessProbe() == null || c.getReadinessProbe() == null) v.add(id + "/" + c.getName() + ": needs liveness and readiness probes");
      }
    }
    return v;
  }

  private static List<String> pod(String id, PodSpec pod) {
    List<String> v = new ArrayList<>();
    if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())) v.add(id + ": pod must set runAsNonRoot: true");
    for (Container c : pod.getContainers()) {
      String cid = id + "/" + c.getName();
      if (c.getImage() == null || c.getImage().isBlank()) v.add(cid + ": no image");
      var res = c.getResources();
      Map<String, Quantity> req = res == null || res.getRequests() == null ? Map.of() : res.getRequests();
      Map<String, Quantity> lim = res == null || res.getLimits() == null ? Map.of() : res.getLimits();
      for (String k : List.of("cpu", "memory")) if (!req.containsKey(k)) v.add(cid + ": no " + k + " request");
      if (!lim.containsKey("memory")) v.add(cid + ": no memory limit");
      if (req.containsKey("memory") && lim.containsKey("memory")
          && Quantity.getAmountInBytes(req.get("memory")).compareTo(Quantity.getAmountInBytes(lim.get("memory"))) > 0) {
        v.add(cid + ": memory request above its limit");
      }
      var sc = c.getSecurityContext();
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) v.add(cid + ": must set allowPrivilegeEscalation: false");
    }
    return v;
  }

  private static List<String> actuatorProbes(String id, Container c) {
    List<String> v = new ArrayList<>();
    Map<String, Probe> probes = new java.util.LinkedHashMap<>();
    probes.put("/actuator/health/liveness", c.getLivenessProbe());
    probes.put("/actuator/health/readiness", c.getReadinessProbe());
    probes.forEach((path, probe) -> {
      HTTPGetAction get = probe == null ? null : probe.getHttpGet();
      if (get == null || !path.equals(get.getPath())) {
        v.add(id + "/" + c.getName() + ": needs an HTTP probe on " + path);
      } else if (!hasPort(c, get.getPort())) {
        v.add(id + "/" + c.getName() + ": probe on " + path + " names port " + show(get.getPort()) + ", which the container does not have");
      }
    });
    return v;
  }

  private static int preStopSeconds(Container c) {
    if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null || c.getLifecycle().getPreStop().getSleep() == null) return 0;
    return c.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
  }

  // ---- Autoscaling --------------------------------------------------------------------------

  static List<String> autoscaling(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    for (Deployment d : r.all(Deployment.class)) {
      String name = d.getMetadata().getName();
      List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class).stream()
          .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind()) && name.equals(h.getSpec().getScaleTargetRef().getName()))
          .toList();
      if (hpas.size() != 1) v.add("Deployment/" + name + ": needs exactly one HorizontalPodAutoscaler, has " + hpas.size());
    }
    for (HorizontalPodAutoscaler h : r.all(HorizontalPodAutoscaler.class)) {
      String id = "HorizontalPodAutoscaler/" + h.getMetadata().getName();
      var spec = h.getSpec();
      if (spec.getMinReplicas() == null || spec.getMinReplicas() < 1 || spec.getMinReplicas() > spec.getMaxReplicas()) v.add(id + ": needs 1 <= minReplicas <= maxReplicas");
      String target = spec.getScaleTargetRef().getName();
      if (r.all(Deployment.class).stream().noneMatch(d -> d.getMetadata().getName().equals(target))) v.add(id + ": scales " + target + ", which is not rendered");
      boolean cpu = spec.getMetrics().stream().anyMatch(m -> "Resource".equals(m.getType()) && "cpu".equals(m.getResource().getName()));
      if (!cpu) v.add(id + ": needs a CPU metric");
      if (target.equals("gateway-service")
          && spec.getMetrics().stream().noneMatch(m -> "Pods".equals(m.getType()) && "persona_gateway_sockets".equals(m.getPods().getMetric().getName()))) {
        v.add(id + ": the gateway also scales on open sockets (Pods metric persona_gateway_sockets)");
      }
      if (target.equals("sync-service")) {
        int partitions = editsTopic(r).map(t -> t.getSpec().getPartitions()).orElse(0);
        if (spec.getMaxReplicas() > partitions) {
          v.add(id + ": maxReplicas " + spec.getMaxReplicas() + " exceeds the " + partitions + " partitions of " + TopicNames.DEFAULT.edits() + " (one owner per partition)");
        }
      }
    }
    return v;
  }

  private static java.util.Optional<KafkaTopic> editsTopic(Manifests.Rendered r) {
    return r.all(KafkaTopic.class).stream().filter(t -> TopicNames.DEFAULT.edits().equals(topicName(t))).findFirst();
  }

  // ---- Kafka --------------------------------------------------------------------------------

  /** What TopicProvisioner creates (platform), per topic: partitions come from the settings. */
  static final Map<String, Map<String, Object>> TOPIC_CONFIG =
      Map.of(
          TopicNames.DEFAULT.edits(), Map.of("retention.ms", 604_800_000L),
          TopicNames.DEFAULT.ops(), Map.of("retention.ms", -1L),
          TopicNames.DEFAULT.audit(), Map.of("retention.ms", -1L),
          TopicNames.DEFAULT.snapshots(), Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", 0L, "segment.ms", 3_600_000L));

  static List<String> topics(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    List<Kafka> clusters = r.all(Kafka.class);
    if (clusters.size() != 1) return List.of("needs exactly one Kafka, has " + clusters.size());
    Kafka kafka = clusters.get(0);
    String cluster = kafka.getMetadata().getName();
    int brokers = r.all(KafkaNodePool.class).stream()
        .filter(p -> cluster.equals(p.getMetadata().getLabels().get("strimzi.io/cluster")) && p.getSpec().getRoles().contains(ProcessRoles.BROKER))
        .mapToInt(p -> p.getSpec().getReplicas())
        .sum();
    if (brokers == 0) v.add("Kafka/" + cluster + ": no KafkaNodePool with the broker role");
    Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
    int minIsr = number(config.get("min.insync.replicas"), 1);
    int txIsr = number(config.get("transaction.state.log.min.isr"), 2);
    int txRf = number(config.get("transaction.state.log.replication.factor"), 3);
    if (txRf > brokers || txIsr > txRf) v.add("Kafka/" + cluster + ": the transaction log needs min.isr <= replication factor <= brokers (" + txIsr + ", " + txRf + ", " + brokers + ")");

    JsonNode settings = settings(r);
    int partitions = settings.path("persona").path("kafka").path("partitions").asInt(12);
    Set<String> names = new TreeSet<>();
    for (KafkaTopic t : r.all(KafkaTopic.class)) {
      String name = topicName(t);
      String id = "KafkaTopic/" + t.getMetadata().getName();
      names.add(name);
      if (!cluster.equals(t.getMetadata().getLabels().get("strimzi.io/cluster"))) v.add(id + ": strimzi.io/cluster label does not name " + cluster);
      if (!Objects.equals(t.getSpec().getPartitions(), partitions)) v.add(id + ": " + t.getSpec().getPartitions() + " partitions, the services are configured for " + partitions);
      int replicas = t.getSpec().getReplicas();
      if (replicas > brokers) v.add(id + ": " + replicas + " replicas on " + brokers + " brokers");
      if (replicas > 1 && minIsr >= replicas) v.add(id + ": min.insync.replicas " + minIsr + " leaves no broker to lose with " + replicas + " replicas");
      Map<String, Object> expected = TOPIC_CONFIG.get(name);
      if (expected == null) {
        v.add(id + ": " + name + " is not a topic the services use");
        continue;
      }
      Map<String, Object> actual = t.getSpec().getConfig() == null ? Map.of() : t.getSpec().getConfig();
      expected.forEach((key, value) -> {
        if (!String.valueOf(value).equals(String.valueOf(actual.get(key)))) v.add(id + ": " + key + " is " + actual.get(key) + ", the services create it with " + value);
      });
    }
    if (!names.equals(TOPIC_CONFIG.keySet().stream().collect(java.util.stream.Collectors.toCollection(TreeSet::new)))) {
      v.add("topics are " + names + ", the services use " + new TreeSet<>(TOPIC_CONFIG.keySet()));
    }
    if (settings.path("persona").path("kafka").path("create-topics").asBoolean(true)) {
      v.add("ConfigMap/persona-config: persona.kafka.create-topics must be false where KafkaTopic resources declare the topics");
    }
    String bootstrap = settings.path("persona").path("kafka").path("bootstrap-servers").asText();
    if (!bootstrap.equals(cluster + "-kafka-bootstrap:9092")) v.add("ConfigMap/persona-config: bootstrap-servers " + bootstrap + " is not " + cluster + "'s bootstrap Service");
    return v;
  }

  private static String topicName(KafkaTopic t) {
    return t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
  }

  private static int number(Object value, int otherwise) {
    return value == null ? otherwise : Integer.parseInt(String.valueOf(value));
  }

  /** The application.yaml of the persona-config ConfigMap. */
  static JsonNode settings(Manifests.Rendered r) {
    ConfigMap cm = r.all(ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().startsWith("persona-config"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no persona-config ConfigMap"));
    try {
      return Manifests.YAML.readTree(cm.getData().get("application.yaml"));
    } catch (IOException e) {
      throw new AssertionError("persona-config's application.yaml is not YAML: " + e.getMessage(), e);
    }
  }

  // ---- Network ------------------------------------------------------------------------------

  static List<String> networkPolicies(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
    boolean defaultDeny = policies.stream().anyMatch(p ->
        isEmpty(p.getSpec().getPodSelector()) && p.getSpec().getPolicyTypes().contains("Ingress")
            && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
    if (!defaultDeny) v.add("no default-deny NetworkPolicy (empty podSelector, Ingress, no rules)");
    Map<String, String> gateway = Map.of("app.kubernetes.io/name", "gateway-service");
    for (NetworkPolicy p : policies) {
      if (p.getSpec().getIngress() == null) continue;
      for (var rule : p.getSpec().getIngress()) {
        boolean fromAnywhere = rule.getFrom() == null || rule.getFrom().isEmpty();
        if (fromAnywhere && !gateway.equals(p.getSpec().getPodSelector().getMatchLabels())) {
          v.add("NetworkPolicy/" + p.getMetadata().getName() + ": opens " + p.getSpec().getPodSelector().getMatchLabels() + " to everyone; only the gateway may be reachable from outside");
        }
        if (!fromAnywhere) {
          for (var peer : rule.getFrom()) {
            if (peer.getIpBlock() != null) v.add("NetworkPolicy/" + p.getMetadata().getName() + ": admits an ipBlock; only the gateway may be reachable from outside");
          }
        }
      }
    }
    for (Deployment d : r.all(Deployment.class)) {
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      boolean opened = policies.stream().anyMatch(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty()
          && selects(p.getSpec().getPodSelector(), labels)
          && p.getSpec().getIngress().stream().anyMatch(rule -> rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(f -> f.getPodSelector() != null)));
      if (!opened) v.add("Deployment/" + d.getMetadata().getName() + ": no NetworkPolicy lets anything reach it");
    }
    return v;
  }

  // ---- Ingress ------------------------------------------------------------------------------

  static List<String> ingress(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    List<Ingress> ingresses = r.all(Ingress.class);
    if (ingresses.isEmpty()) v.add("no Ingress");
    for (Ingress i : ingresses) {
      String id = "Ingress/" + i.getMetadata().getName();
      Map<String, String> a = i.getMetadata().getAnnotations() == null ? Map.of() : i.getMetadata().getAnnotations();
      for (String key : List.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout")) {
        if (number(a.get(key), 60) < 3600) v.add(id + ": " + key + " must be at least 3600 for WebSockets (nginx's 60 s default would cut quiet sockets)");
      }
      for (var rule : i.getSpec().getRules()) {
        for (var path : rule.getHttp().getPaths()) {
          String service = path.getBackend().getService().getName();
          if (!service.equals("gateway-service")) v.add(id + ": routes " + path.getPath() + " to " + service + "; only the gateway is exposed");
        }
      }
    }
    return v;
  }

  // ---- References between objects -----------------------------------------------------------

  /** ConfigMaps and Secrets that pods name exist (or are optional, or are documented as created by the operator). */
  static List<String> references(Manifests.Rendered r) {
    List<String> v = new ArrayList<>();
    Set<String> configMaps = names(r, ConfigMap.class);
    Set<String> secrets = names(r, Secret.class);
    List<PodSpec> pods = Stream.concat(
            r.all(Deployment.class).stream().map(d -> Map.entry("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec())),
            r.all(StatefulSet.class).stream().map(s -> Map.entry("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec())))
        .map(e -> {
          PodSpec pod = e.getValue();
          String id = e.getKey();
          if (pod.getVolumes() != null) {
            for (var vol : pod.getVolumes()) {
              if (vol.getConfigMap() != null && !configMaps.contains(vol.getConfigMap().getName())) v.add(id + ": volume names ConfigMap " + vol.getConfigMap().getName() + ", which is not rendered");
              if (vol.getSecret() != null) secret(v, id, vol.getSecret().getSecretName(), vol.getSecret().getOptional(), secrets);
            }
          }
          for (Container c : pod.getContainers()) {
            if (c.getEnvFrom() != null) {
              for (var from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null && !configMaps.contains(from.getConfigMapRef().getName()) && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                  v.add(id + ": envFrom names ConfigMap " + from.getConfigMapRef().getName() + ", which is not rendered");
                }
                if (from.getSecretRef() != null) secret(v, id, from.getSecretRef().getName(), from.getSecretRef().getOptional(), secrets);
              }
            }
            if (c.getEnv() != null) {
              for (var env : c.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                  secret(v, id, env.getValueFrom().getSecretKeyRef().getName(), env.getValueFrom().getSecretKeyRef().getOptional(), secrets);
                }
              }
            }
          }
          return pod;
        })
        .toList();
    if (pods.isEmpty()) v.add("no workloads");
    // The services find each other at the URLs in the shared settings: those Services must exist.
    Set<String> services = names(r, Service.class);
    JsonNode urls = settings(r).path("persona").path("services");
    urls.fields().forEachRemaining(e -> {
      String host = URI.create(e.getValue().asText()).getHost();
      if (!services.contains(host)) v.add("ConfigMap/persona-config: persona.services." + e.getKey() + " names " + host + ", which is no Service");
    });
    String redis = settings(r).path("spring").path("data").path("redis").path("host").asText();
    if (!services.contains(redis)) v.add("ConfigMap/persona-config: spring.data.redis.host " + redis + " is no Service");
    return v;
  }

  private static void secret(List<String> v, String id, String name, Boolean optional, Set<String> secrets) {
    if (secrets.contains(name) || Boolean.TRUE.equals(optional) || EXTERNAL_SECRETS.contains(name)) return;
    v.add(id + ": names Secret " + name + ", which is neither rendered nor one the operator creates (" + EXTERNAL_SECRETS + ")");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Set<String> names(Manifests.Rendered r, Class<T> type) {
    Set<String> names = new TreeSet<>();
    for (T o : r.all(type)) names.add(o.getMetadata().getName());
    return names;
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) return false;
    return selectsMap(selector.getMatchLabels(), labels);
  }

  private static boolean selectsMap(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  private static boolean isEmpty(LabelSelector s) {
    return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty()) && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
  }

  private static String show(IntOrString value) {
    return value == null ? "none" : value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
  }

  private static boolean isZero(IntOrString value) {
    if (value == null) return false;
    if (value.getIntVal() != null) return value.getIntVal() == 0;
    return "0%".equals(value.getStrVal()) || "0".equals(value.getStrVal());
  }

  private static boolean hasPort(PodSpec pod, IntOrString port) {
    return pod.getContainers().stream().anyMatch(c -> hasPort(c, port));
  }

  private static boolean hasPort(Container c, IntOrString port) {
    if (port == null || c.getPorts() == null) return false;
    for (ContainerPort p : c.getPorts()) {
      if (port.getIntVal() != null && port.getIntVal().equals(p.getContainerPort())) return true;
      if (port.getStrVal() != null && port.getStrVal().equals(p.getName())) return true;
    }
    return false;
  }
}
