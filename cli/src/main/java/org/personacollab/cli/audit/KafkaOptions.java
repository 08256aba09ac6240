package org.personacollab.cli.audit;

import java.time.Duration;
import org.personacollab.cli.CliException;
import org.personacollab.protocol.kafka.TopicNames;
import picocli.CommandLine.Option;

/** Where the audit log is: the broker, the topic prefix, and how long to wait for Kafka. */
public final class KafkaOptions {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
      description = "Kafka's bootstrap servers (default: ${DEFAULT-VALUE}, the broker of persona up).")
  String bootstrap = "localhost:9092";

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "persona.",
      description = "The deployment's topic prefix, persona.kafka.topic-prefix (default: ${DEFAULT-VALUE}).")
  String topicPrefix = "persona.";

  @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "15",
      description = "How long to wait for Kafka to answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 15;

  /** The audit topic, e.g. {@code persona.audit}. */
  String topic() {
    try {
      return new TopicNames(topicPrefix).audit();
    } catch (IllegalArgumentException e) {
      throw new CliException("--topic-prefix: " + e.getMessage(), 2, e);
    }
  }

  Duration timeout() {
    return Duration.ofSeconds(Math.max(1, timeoutSeconds));
  }
}
