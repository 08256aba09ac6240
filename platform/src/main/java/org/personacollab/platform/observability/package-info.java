/**
 * What the services tell operators: the names of the metrics they expose (one list that the code,
 * the tests and the Grafana dashboard's test share) and the propagation of trace context through
 * Kafka record headers, so that one edit can be followed from the socket through
 * {@code persona.edits} and {@code persona.ops} back to the sockets (docs/observability.md).
 */
@NullMarked
package org.personacollab.platform.observability;

import org.jspecify.annotations.NullMarked;
