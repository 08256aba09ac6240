package org.personacollab.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.protocol.kafka.TopicNames;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.sender.SenderOptions;

/**
 * Our Kafka client defaults in one place. Keys are session ids (strings), values are JSON bytes
 * written by {@link org.personacollab.protocol.WireCodec}.
 *
 * <ul>
 *   <li><b>{@code linger.ms=1}</b>: Kafka 4 raised the producer default to 5 ms, which would add
 *       5 ms to every edit's round trip; 1 ms still lets a burst share a request.
 *   <li><b>{@code acks=all} and idempotence</b>: an op the client saw acknowledged must survive a
 *       broker restart, and a retried send must not write it twice.
 *   <li><b>{@code read_committed}</b>: consumers never see ops of an aborted sequencer
 *       transaction.
 * </ul>
 */
public final class KafkaSettings {
  private final PersonaProperties.Kafka kafka;
  private final TopicNames topics;

  public KafkaSettings(PersonaProperties.Kafka kafka) {
    this.kafka = kafka;
    this.topics = new TopicNames(kafka.topicPrefix());
  }

  public TopicNames topics() {
    return topics;
  }

  public PersonaProperties.Kafka properties() {
    return kafka;
  }

  /** Admin client configuration. */
  public Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis() * 2);
    return config;
  }

  /** A latency-tuned, idempotent producer. */
  public SenderOptions<String, byte[]> senderOptions(String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return SenderOptions.<String, byte[]>create(config).maxInFlight(1024);
  }

  /**
   * A transactional producer for consume-transform-produce. {@code transactionTimeout} bounds how
   * long a transaction left open by a crashed instance holds back read_committed readers (and so
   * the next owner's rebuild): keep it short.
   */
  public SenderOptions<String, byte[]> transactionalSenderOptions(
      String clientId, String transactionalId, java.time.Duration transactionTimeout) {
    return senderOptions(clientId)
        .producerProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId)
        .producerProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis())
        .stopOnError(true);
  }

  /** A read_committed consumer without auto commit. */
  public ReceiverOptions<String, byte[]> receiverOptions(String groupId, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) kafka.fetchMaxWait().toMillis());
    // reactor-kafka polls with this timeout, also while its partitions are paused for
    // back-pressure: a batch requested mid-poll waits for the poll to time out (100 ms by
    // default), which would add that much to every op's latency. Keep it short.
    // reactor-kafka delays a rebalance (by default for up to 60 s) until records it handed out
    // are acknowledged; our consumers never acknowledge (transactions commit the sequencer's
    // offsets, and the gateway commits none), so that delay would only hold a failover up.
    return ReceiverOptions.<String, byte[]>create(config)
        .pollTimeout(kafka.fetchMaxWait().multipliedBy(2))
        .maxDelayRebalance(java.time.Duration.ZERO);
  }
}
