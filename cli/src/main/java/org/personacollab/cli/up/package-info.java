/**
 * {@code persona up} and the process launcher behind it.
 *
 * <p>The launcher is public because the end-to-end tests start the very same processes:
 * {@link org.personacollab.cli.up.ServiceProcess} runs one service's executable jar in a child JVM
 * and waits for its Actuator readiness, {@link org.personacollab.cli.up.KafkaBrokerProcess} runs a
 * persistent single-node KRaft broker from the Maven Central jars,
 * {@link org.personacollab.cli.up.RedisServerProcess} runs the Redis binary shipped in the
 * embedded-redis jar, and {@link org.personacollab.cli.up.Ports} and
 * {@link org.personacollab.cli.up.ServiceJars} answer the questions asked before starting anything.
 * All of them are {@link org.personacollab.cli.up.ManagedProcess}es: started in order, stopped in
 * reverse with SIGTERM and a grace period, killed at once when a test wants a crash.
 */
@NullMarked
package org.personacollab.cli.up;

import org.jspecify.annotations.NullMarked;
