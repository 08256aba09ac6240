package org.personacollab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every object both overlays render is a valid Kubernetes or Strimzi object (see {@link Manifests}),
 * and the reader rejects the mistakes it is there to catch.
 */
class ManifestModelTest {

  @ParameterizedTest
  @ValueSource(strings = {"deploy/overlays/dev", "deploy/overlays/prod"})
  void overlay_everyObjectMatchesItsModel(String overlay) {
    Manifests.Rendered rendered = Manifests.render(overlay);

    assertThat(rendered.problems()).isEmpty();
    assertThat(rendered.objects()).hasSizeGreaterThan(30);
  }

  /** A valid Deployment, changed one way at a time below. */
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
              - name: web
                image: example/web:1
                ports: [{name: http, containerPort: 8080}]
      """;

  @Test
  void validDeployment_isAccepted() {
    assertThat(Manifests.read(DEPLOYMENT).problems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "misspelt top-level field   | '  replicas: 2'           | '  replica: 2'                | unknown field .spec.replica",
        "misspelt field in a list   | 'containerPort: 8080'      | 'containerport: 8080'         | unknown field .spec.template.spec.containers[0].ports[0].containerport",
        "number given as a word     | '  replicas: 2'            | '  replicas: two'             | Deployment/web: Cannot coerce String value (\"two\")",
        "number given as a string   | '  replicas: 2'            | '  replicas: \"2\"'           | Deployment/web: Cannot coerce",
        "old API version            | 'apiVersion: apps/v1'      | 'apiVersion: apps/v1beta1'    | unknown apiVersion/kind apps/v1beta1 Deployment",
        "unknown kind               | 'kind: Deployment'         | 'kind: Deploymnet'            | unknown apiVersion/kind apps/v1 Deploymnet",
        "no name                    | 'metadata: {name: web}'    | 'metadata: {labels: {a: b}}'  | no metadata.name",
      })
  void brokenDeployment_isRejected(String what, String from, String to, String expected) {
    String broken = DEPLOYMENT.replace(from, to);
    assertThat(broken).as("the test changes the document").isNotEqualTo(DEPLOYMENT);

    assertThat(Manifests.read(broken).problems()).as(what).anySatisfy(p -> assertThat(p).contains(expected));
  }

  private static final String TOPIC =
      """
      apiVersion: kafka.strimzi.io/v1
      kind: KafkaTopic
      metadata: {name: t, labels: {strimzi.io/cluster: c}}
      spec:
        topicName: persona.ops
        partitions: 12
        replicas: 3
        config: {retention.ms: -1}
      """;

  @Test
  void validKafkaTopic_isAccepted() {
    assertThat(Manifests.read(TOPIC).problems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "misspelt Strimzi field     | '  partitions: 12'   | '  partition: 12'        | unknown field .spec.partition",
        "Strimzi field of wrong type| '  replicas: 3'      | '  replicas: [3]'        | KafkaTopic/t: Cannot deserialize",
        "Strimzi v1beta1            | 'kafka.strimzi.io/v1'| 'kafka.strimzi.io/v1beta1' | unknown apiVersion/kind kafka.strimzi.io/v1beta1 KafkaTopic",
      })
  void brokenKafkaTopic_isRejected(String what, String from, String to, String expected) {
    String broken = TOPIC.replace(from, to);
    assertThat(broken).isNotEqualTo(TOPIC);

    assertThat(Manifests.read(broken).problems()).as(what).anySatisfy(p -> assertThat(p).contains(expected));
  }

  @Test
  void brokenKafkaNodePool_storageOfUnknownType_isRejected() {
    String pool =
        """
        apiVersion: kafka.strimzi.io/v1
        kind: KafkaNodePool
        metadata: {name: p, labels: {strimzi.io/cluster: c}}
        spec:
          replicas: 3
          roles: [broker]
          storage: {type: persistent-volume, size: 1Gi}
        """;

    assertThat(Manifests.read(pool).problems()).anySatisfy(p -> assertThat(p).startsWith("KafkaNodePool/p:"));
  }
}
