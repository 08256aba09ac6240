package org.personacollab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.kafka.TopicProvisioner;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;

/**
 * The KafkaTopics in deploy/ (and so docker-compose's kafka-init, which {@link ComposeFileTest}
 * compares with them) declare the topics exactly as the services would create them: platform's
 * {@link TopicProvisioner} creates them on a real broker here, and each topic's partitions and
 * every setting it was given are compared with the rendered KafkaTopic of the same name.
 */
@WithInfra
class TopicDeclarationsIntegrationTest {

  @Test
  void kafkaTopics_matchWhatTheServicesCreate(Infra infra) throws Exception {
    Manifests.Rendered prod = Manifests.render("deploy/overlays/prod");
    int partitions = ManifestRules.settings(prod).path("persona").path("kafka").path("partitions").asInt();
    String prefix = infra.uniquePrefix() + ".";
    var properties = new PersonaProperties.Kafka(infra.kafkaBootstrapServers(), prefix, partitions, (short) 1, true, Duration.ofSeconds(5), Duration.ofMillis(5));
    var settings = new KafkaSettings(properties);

    try (Admin admin = Admin.create(settings.adminConfig()); TopicProvisioner provisioner = new TopicProvisioner(admin, settings)) {
      provisioner.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!provisioner.isDone() && System.nanoTime() < deadline) Thread.sleep(100);
      assertThat(provisioner.isDone()).as("topics created within a minute").isTrue();

      List<String> created = List.of(settings.topics().edits(), settings.topics().ops(), settings.topics().audit(), settings.topics().snapshots());
      // Created is not yet described everywhere: the broker's metadata follows a moment later.
      Map<String, org.apache.kafka.clients.admin.TopicDescription> descriptions = null;
      Map<ConfigResource, Config> configs = null;
      for (int attempt = 0; configs == null; attempt++) {
        try {
          descriptions = admin.describeTopics(created).allTopicNames().get(30, TimeUnit.SECONDS);
          configs = admin.describeConfigs(created.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList())
              .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || attempt > 100) throw e;
          Thread.sleep(200);
        }
      }

      assertThat(prod.all(KafkaTopic.class)).hasSize(created.size());
      for (String topic : created) {
        String deployed = "persona." + topic.substring(prefix.length()); // the same topic under the default prefix
        KafkaTopic declared = prod.all(KafkaTopic.class).stream()
            .filter(t -> t.getSpec().getTopicName().equals(deployed))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no KafkaTopic for " + deployed + ", which the services create"));

        assertThat(descriptions.get(topic).partitions()).as(deployed + " partitions").hasSize(declared.getSpec().getPartitions());
        assertThat(stringValues(declared.getSpec().getConfig())).as(deployed + " settings")
            .isEqualTo(setExplicitly(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).entries()));
      }
    }
  }

  /** The settings a topic was created with (not the broker's defaults). */
  private static Map<String, String> setExplicitly(Collection<ConfigEntry> entries) {
    Map<String, String> set = new TreeMap<>();
    for (ConfigEntry e : entries) if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) set.put(e.name(), e.value());
    return set;
  }

  private static Map<String, String> stringValues(Map<String, Object> config) {
    Map<String, String> out = new TreeMap<>();
    new HashMap<>(config).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
