/** The Kafka adapter: lifecycle events and a session's first document go to {@code persona.edits}. */
@NullMarked
package org.personacollab.session.kafka;

import org.jspecify.annotations.NullMarked;
