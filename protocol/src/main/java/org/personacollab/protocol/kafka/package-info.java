/**
 * Kafka records. Edits flow on {@code persona.edits} (key: session id) into sync-service, which
 * writes {@link org.personacollab.protocol.kafka.OpsRecord}s to {@code persona.ops} (same key, same
 * partitioning); {@link org.personacollab.protocol.kafka.TopicNames} names the topics.
 */
@NullMarked
package org.personacollab.protocol.kafka;

import org.jspecify.annotations.NullMarked;
