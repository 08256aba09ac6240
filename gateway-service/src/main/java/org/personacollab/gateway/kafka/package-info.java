/** Kafka adapters: edits out, sequenced ops in. */
@NullMarked
package org.personacollab.gateway.kafka;

import org.jspecify.annotations.NullMarked;
