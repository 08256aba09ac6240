package org.personacollab.cli.up;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process that {@code persona up} (or a test) started and must stop again: a service, the
 * Kafka broker or an embedded Redis.
 *
 * <p>Life cycle: a static {@code start(...)} launches the process and returns at once; {@link
 * #awaitReady} blocks until it serves; {@link #stop} asks it to shut down cleanly (SIGTERM) and
 * kills it after the grace period; {@link #kill} is a crash on purpose (SIGKILL). {@link #close}
 * is {@code stop(10 s)}, so a try-with-resources block never leaves a process behind.
 */
public interface ManagedProcess extends AutoCloseable {

  /** The default grace period of {@link #close()}. */
  Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  /** A short name for messages and log files, e.g. {@code session-service} or {@code kafka}. */
  String name();

  /** The TCP port it serves on. */
  int port();

  /**
   * Blocks until the process serves, polling a few times a second.
   *
   * @throws IllegalStateException if it is not ready within {@code timeout} or exits first; the
   *     message names the process and ends with the last lines of its log
   */
  void awaitReady(Duration timeout);

  boolean isAlive();

  /** SIGTERM, then SIGKILL if it is still running after {@code grace}. Does nothing if gone. */
  void stop(Duration grace);

  /** SIGKILL at once (chaos tests), then waits until the process is gone. */
  void kill();

  /** The last {@code lines} lines its log got since this start; empty if none. */
  String logTail(int lines);

  /** The file its stdout and stderr are appended to. */
  Path logFile();

  /** "exited with code 1" or "is still running". */
  String describeExit();

  /** {@code stop(10 s)}. */
  @Override
  default void close() {
    stop(DEFAULT_GRACE);
  }
}
