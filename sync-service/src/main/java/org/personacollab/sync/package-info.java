/**
 * sync-service: the sequencer. It is the only writer of each session's op log: it consumes
 * {@code persona.edits}, applies each change to the session document, assigns the next version
 * and writes the sequenced op to {@code persona.ops}, in Kafka transactions. One Kafka partition
 * has one consumer in the group, so each session has exactly one sequencer at a time.
 */
@NullMarked
package org.personacollab.sync;

import org.jspecify.annotations.NullMarked;
