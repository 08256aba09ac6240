/**
 * Test infrastructure shared by every module's tests: a real Kafka broker and a real Redis,
 * started once per JVM, and a WebSocket client for integration tests.
 *
 * <p>Entry points: {@link org.personacollab.testkit.WithInfra} (JUnit 5 extension) and
 * {@link org.personacollab.testkit.Infra} for Kafka and Redis; {@link org.personacollab.testkit.TestSocket}
 * for WebSockets. How Kafka and Redis are chosen (Testcontainers, in-JVM broker, local or embedded
 * Redis, environment overrides) is described on {@code Infra} and in the module's README.
 *
 * <p>Tests share the broker and the Redis, so they isolate their data by name: each test class takes
 * a fresh {@link org.personacollab.testkit.Infra#uniquePrefix()} and uses it for its topics and keys.
 */
@NullMarked
package org.personacollab.testkit;

import org.jspecify.annotations.NullMarked;
