/** Kafka wiring with our defaults (reactor-kafka options, topic provisioning, health). Each service keeps its own small adapter on top of these options. */
@NullMarked
package org.personacollab.platform.kafka;

import org.jspecify.annotations.NullMarked;
