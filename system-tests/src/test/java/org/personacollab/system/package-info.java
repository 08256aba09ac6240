/**
 * End-to-end tests: the four services run as separate processes from their executable jars (as
 * {@code persona up} runs them), against real Kafka and Redis from the testkit, spoken to over
 * real HTTP and WebSockets.
 */
@NullMarked
package org.personacollab.system;

import org.jspecify.annotations.NullMarked;
