package org.personacollab.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
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
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a Kustomize overlay with {@code kubectl kustomize} and reads every object into its
 * Kubernetes model (fabric8) or Strimzi model (Strimzi's {@code api}, the classes its CRD schemas
 * are generated from). A document is rejected when
 *
 * <ul>
 *   <li>its {@code apiVersion}/{@code kind} is not one we deploy (a typo such as {@code apps/v1beta1}),
 *   <li>a field has the wrong type (Jackson fails; a string is not taken for a number or a boolean), or
 *   <li>it has a field the model does not know, at any depth ({@code replica:} for {@code replicas:}):
 *       the models keep such fields in {@code additionalProperties}, which are walked here.
 * </ul>
 *
 * <p>Semantic rules (probes, limits, references between objects) are in {@link ManifestRules}.
 */
final class Manifests {
  private Manifests() {}

  /** The kinds deploy/ uses, by {@code apiVersion/kind}. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

  static final ObjectMapper YAML = strict(new YAMLMapper(new YAMLFactory()));
  static final ObjectMapper JSON = strict(new ObjectMapper());

  private static ObjectMapper strict(ObjectMapper mapper) {
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    return mapper;
  }

  /** An overlay rendered and read: the objects (a mutable list), and what was wrong with them. */
  record Rendered(List<HasMetadata> objects, List<String> problems) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
      return all(type).stream()
          .filter(o -> o.getMetadata().getName().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }
  }

  /** {@code kubectl kustomize <dir>}, relative to the repository root. */
  static String kustomize(String dir) {
    Path root = Repo.root();
    Repo.Result r = Repo.run(root, "kubectl", "kustomize", dir);
    if (!r.ok()) throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + r.stderr());
    return r.stdout();
  }

  static Rendered render(String dir) {
    return read(kustomize(dir));
  }

  /** Reads a multi-document YAML stream. */
  static Rendered read(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<JsonNode> docs;
    try (var parser = YAML.getFactory().createParser(yaml)) {
      docs = YAML.readValues(parser, JsonNode.class).readAll();
    } catch (IOException e) {
      return new Rendered(List.of(), List.of("not YAML: " + e.getMessage()));
    }
    for (JsonNode doc : docs) {
      if (doc == null || doc.isNull() || doc.isEmpty()) continue;
      String id = doc.path("kind").asText("?") + "/" + doc.path("metadata").path("name").asText("?");
      Class<? extends HasMetadata> type = KINDS.get(doc.path("apiVersion").asText() + "/" + doc.path("kind").asText());
      if (type == null) {
        problems.add(id + ": unknown apiVersion/kind " + doc.path("apiVersion").asText() + " " + doc.path("kind").asText());
        continue;
      }
      HasMetadata object;
      try {
        object = JSON.treeToValue(doc, type);
      } catch (IOException | IllegalArgumentException e) {
        problems.add(id + ": " + e.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      if (object.getMetadata() == null || object.getMetadata().getName() == null || object.getMetadata().getName().isBlank()) {
        problems.add(id + ": no metadata.name");
      }
      for (String unknown : unknownFields(object)) problems.add(id + ": unknown field " + unknown);
      objects.add(object);
    }
    return new Rendered(objects, List.copyOf(problems)); // objects stay mutable: tests change them to show a rule fails
  }

  /** Paths of fields the model did not know ({@code additionalProperties}), at any depth. */
  static List<String> unknownFields(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object node, String path, List<String> found, Set<Object> seen) {
    if (node == null || !seen.add(node)) return;
    if (node instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) walk(item, path + "[" + i++ + "]", found, seen);
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
      return;
    }
    String pkg = node.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) return;
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")) continue;
      if (m.getName().equals("getClass")) continue;
      Object value;
      try {
        value = m.invoke(node);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue; // a computed getter that needs more state; fields are reached through the plain ones
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra) for (Object key : extra.keySet()) found.add(path + "." + key);
        continue;
      }
      // Free-form maps (labels, annotations, data, Kafka and topic config) hold plain values: skip them.
      if (value instanceof Map<?, ?> map && map.values().stream().noneMatch(Manifests::isModel)) continue;
      String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      walk(value, path + "." + field, found, seen);
    }
  }

  private static boolean isModel(Object value) {
    return value != null
        && (value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")
            || value.getClass().getPackageName().startsWith("io.strimzi.api"));
  }
}
