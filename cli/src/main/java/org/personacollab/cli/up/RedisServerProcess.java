package org.personacollab.cli.up;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis server for machines that have none: the Redis 6.2 binary shipped in the {@code
 * com.github.codemonstur:embedded-redis} jar, run as a child process with its data in {@code
 * dataDir} (append-only file on, so a second {@code persona up} keeps what the first wrote).
 *
 * <p>We take only the binary from embedded-redis and supervise the process like the other
 * children (own log file, SIGTERM with a grace period, readiness by {@code PING}) instead of using
 * its {@code RedisServer}, which waits for a line on stdout and stops with its own policy. On
 * SIGTERM Redis flushes the append-only file before it exits.
 */
public final class RedisServerProcess implements ManagedProcess {

  private final int port;
  private final Child child;

  private RedisServerProcess(int port, Child child) {
    this.port = port;
    this.child = child;
  }

  /**
   * Extracts the binary into {@code <dataDir>/bin} and starts it on {@code 127.0.0.1:port}.
   *
   * @param dataDir Redis's working directory ({@code dir}), where {@code appendonlydir} or {@code
   *     appendonly.aof} and {@code dump.rdb} live
   * @param logFile where its output is appended
   */
  public static RedisServerProcess start(Path dataDir, int port, Path logFile) throws IOException {
    Path home = dataDir.toAbsolutePath();
    Path bin = home.resolve("bin");
    Files.createDirectories(bin);
    File executable = ExecutableProvider.newJarResourceProvider(bin.toFile()).get();
    List<String> command =
        List.of(
            executable.getAbsolutePath(),
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--dir", home.toString(),
            "--appendonly", "yes",
            "--daemonize", "no",
            "--logfile", "");
    return new RedisServerProcess(port, Child.start("redis", command, Map.of(), logFile));
  }

  /** Waits until it answers {@code PING}. */
  @Override
  public void awaitReady(Duration timeout) {
    child.awaitReady(timeout, "PONG from localhost:" + port, () -> RedisProbe.answersPing(port));
  }

  @Override
  public boolean isAlive() {
    return child.isAlive();
  }

  @Override
  public void stop(Duration grace) {
    child.stop(grace);
  }

  @Override
  public void kill() {
    child.kill();
  }

  @Override
  public String logTail(int lines) {
    return child.logTail(lines);
  }

  @Override
  public String describeExit() {
    return child.describeExit();
  }

  @Override
  public Path logFile() {
    return child.logFile();
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public int port() {
    return port;
  }

  /** {@code stop(10 s)}. */
  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }
}
