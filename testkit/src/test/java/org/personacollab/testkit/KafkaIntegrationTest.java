package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.personacollab.testkit.KafkaClients.consumer;
import static org.personacollab.testkit.KafkaClients.pollFor;
import static org.personacollab.testkit.KafkaClients.pollUntil;
import static org.personacollab.testkit.KafkaClients.producer;
import static org.personacollab.testkit.KafkaClients.transactionalProducer;
import static org.personacollab.testkit.KafkaClients.values;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The shared broker: plain round trip, transactions with read_committed, and createTopics. */
@WithInfra
class KafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Infra infra;
    private final String prefix;

    KafkaIntegrationTest(Infra infra) {
        this.infra = infra;
        this.prefix = infra.uniquePrefix();
    }

    @Test
    void produceConsume_roundTrip_keepsPerKeyOrder() throws Exception {
        String topic = prefix + ".roundtrip";
        infra.createTopics(Map.of(topic, 3));
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(infra.kafkaBootstrapServers(), Map.of())) {
            for (int i = 0; i < 30; i++) {
                String key = "session-" + (i % 5);
                String value = key + "#" + i;
                producer.send(new ProducerRecord<>(topic, key, value)).get();
                sent.add(value);
            }
        }

        List<ConsumerRecord<String, String>> read;
        try (KafkaConsumer<String, String> consumer = consumer(infra.kafkaBootstrapServers(), prefix + ".g", "read_committed")) {
            consumer.subscribe(List.of(topic));
            read = pollUntil(consumer, records -> records.size() >= sent.size(), WAIT);
        }

        assertThat(values(read)).containsExactlyInAnyOrderElementsOf(sent);
        Map<String, List<ConsumerRecord<String, String>>> byKey = read.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        byKey.forEach((key, records) -> {
            assertThat(records).extracting(ConsumerRecord::partition).as("partitions of %s", key).containsOnly(records.get(0).partition());
            assertThat(values(records)).as("order of %s", key)
                    .isEqualTo(sent.stream().filter(v -> v.startsWith(key + "#")).toList());
        });
    }

    @Test
    void transactions_readCommittedSeesCommittedOnly_readUncommittedSeesAborted() {
        String topic = prefix + ".tx";
        infra.createTopics(Map.of(topic, 1));
        try (KafkaProducer<String, String> producer = transactionalProducer(infra.kafkaBootstrapServers(), prefix + "-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "s", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "s", "aborted-2"));
            producer.flush(); // the records are in the log before the abort
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", "committed-3"));
            producer.commitTransaction();
        }

        List<String> committed;
        try (KafkaConsumer<String, String> consumer = consumer(infra.kafkaBootstrapServers(), prefix + ".rc", "read_committed")) {
            consumer.subscribe(List.of(topic));
            committed = values(pollUntil(consumer, r -> values(r).contains("committed-3"), WAIT));
            committed = new ArrayList<>(committed);
            committed.addAll(values(pollFor(consumer, Duration.ofMillis(500))));
        }
        List<String> everything;
        try (KafkaConsumer<String, String> consumer = consumer(infra.kafkaBootstrapServers(), prefix + ".ru", "read_uncommitted")) {
            consumer.subscribe(List.of(topic));
            everything = values(pollUntil(consumer, r -> values(r).contains("committed-3"), WAIT));
        }

        assertThat(committed).containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(everything).containsExactly("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
    }

    @Test
    void transactions_openTransaction_holdsBackReadCommittedUntilCommit() {
        String topic = prefix + ".open";
        infra.createTopics(Map.of(topic, 1));
        try (KafkaProducer<String, String> producer = transactionalProducer(infra.kafkaBootstrapServers(), prefix + "-open");
                KafkaConsumer<String, String> consumer = consumer(infra.kafkaBootstrapServers(), prefix + ".open", "read_committed")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", "pending"));
            producer.flush();
            consumer.subscribe(List.of(topic));

            List<String> beforeCommit = values(pollFor(consumer, Duration.ofSeconds(2)));
            producer.commitTransaction();
            List<String> afterCommit = values(pollUntil(consumer, r -> !r.isEmpty(), WAIT));

            assertThat(beforeCommit).isEmpty();
            assertThat(afterCommit).containsExactly("pending");
        }
    }

    /** The sync-service pattern: read, produce and commit the consumer's offsets in one transaction. */
    @Test
    void transactions_consumeTransformProduce_commitsOffsetsWithTheOutput() throws Exception {
        String in = prefix + ".in";
        String out = prefix + ".out";
        String group = prefix + ".sequencer";
        infra.createTopics(Map.of(in, 1, out, 1));
        try (KafkaProducer<String, String> plain = producer(infra.kafkaBootstrapServers(), Map.of())) {
            for (int i = 0; i < 3; i++) {
                plain.send(new ProducerRecord<>(in, "s", "edit-" + i)).get();
            }
        }

        try (KafkaConsumer<String, String> consumer = consumer(infra.kafkaBootstrapServers(), group, "read_committed");
                KafkaProducer<String, String> producer = transactionalProducer(infra.kafkaBootstrapServers(), prefix + "-seq")) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            List<ConsumerRecord<String, String>> edits = pollUntil(consumer, r -> r.size() >= 3, WAIT);
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (ConsumerRecord<String, String> edit : edits) {
                producer.send(new ProducerRecord<>(out, edit.key(), "op-" + edit.value()));
                offsets.put(new TopicPartition(edit.topic(), edit.partition()), new OffsetAndMetadata(edit.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        }

        List<String> ops;
        try (KafkaConsumer<String, String> reader = consumer(infra.kafkaBootstrapServers(), prefix + ".reader", "read_committed")) {
            reader.subscribe(List.of(out));
            ops = values(pollUntil(reader, r -> r.size() >= 3, WAIT));
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = admin()) {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }

        assertThat(ops).containsExactly("op-edit-0", "op-edit-1", "op-edit-2");
        assertThat(committed).containsOnlyKeys(new TopicPartition(in, 0));
        assertThat(committed.get(new TopicPartition(in, 0)).offset()).isEqualTo(3);
    }

    @Test
    void createTopics_createsWithTheCountsAndIsIdempotent() throws Exception {
        Map<String, Integer> topics = Map.of(prefix + ".edits", 3, prefix + ".ops", 1);

        infra.createTopics(topics);
        infra.createTopics(topics);

        try (Admin admin = admin()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics.keySet()).allTopicNames().get();
            assertThat(descriptions.get(prefix + ".edits").partitions()).hasSize(3);
            assertThat(descriptions.get(prefix + ".ops").partitions()).hasSize(1);
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(topics.keySet());
        }
    }

    @Test
    void createTopics_existingWithOtherCount_fails() {
        String topic = prefix + ".mismatch";
        infra.createTopics(Map.of(topic, 2));

        assertThatThrownBy(() -> infra.createTopics(Map.of(topic, 5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + topic + "' exists with 2 partitions, not the 5 asked for");
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        return Admin.create(properties);
    }
}
