package org.personacollab.cli.up;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process whose stdout and stderr go to a log file: the part that {@link ServiceProcess},
 * {@link KafkaBrokerProcess} and {@link RedisServerProcess} share.
 *
 * <h2>Why children run in a session of their own</h2>
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group. If the children were in
 * the launcher's group they would all stop at the same moment, the broker possibly before the
 * services that are still flushing to it. Where {@code setsid} exists (Linux), each child is
 * started through it, so only the launcher sees the terminal's signals and it stops the children
 * itself, in reverse start order. {@code setsid} execs the program in place (the child is not a
 * process-group leader, so it does not fork), which keeps {@link Process#pid()} the pid of the JVM
 * we signal. Without {@code setsid} (macOS) the children are started directly.
 *
 * <h2>Logs</h2>
 * Output is appended to the log file after a header line, so earlier runs stay readable; {@link
 * #logTail(int)} only shows what this run wrote.
 */
final class Child {

  private static final List<Path> SETSID_CANDIDATES =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final String name;
  private final Process process;
  private final Path logFile;
  private final long logStart;

  private Child(String name, Process process, Path logFile, long logStart) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.logStart = logStart;
  }

  /**
   * Starts {@code command} with stdout and stderr appended to {@code logFile} and stdin closed.
   *
   * @param env variables added to (or replacing) the launcher's own environment
   */
  static Child start(String name, List<String> command, Map<String, String> env, Path logFile)
      throws IOException {
    Path parent = logFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String header =
        "%n===== persona: starting %s at %s =====%n$ %s%n"
            .formatted(name, Instant.now(), String.join(" ", abbreviateClasspath(command)));
    Files.writeString(
        logFile, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    long logStart = Files.size(logFile);

    List<String> full = new ArrayList<>(command.size() + 1);
    setsid().ifPresent(full::add);
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close(); // nothing reads the terminal
    return new Child(name, process, logFile, logStart);
  }

  /** The command for the log header, with a classpath shown as its number of entries. */
  private static List<String> abbreviateClasspath(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    for (int i = 1; i < shown.size(); i++) {
      String previous = shown.get(i - 1);
      if (previous.equals("-cp") || previous.equals("-classpath")) {
        int entries = shown.get(i).split(java.io.File.pathSeparator, -1).length;
        shown.set(i, "<the persona CLI's classpath: " + entries + " entries>");
      }
    }
    return shown;
  }

  /** The java launcher of the JVM we run in, so children use the same JDK. */
  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static java.util.Optional<String> setsid() {
    return SETSID_CANDIDATES.stream()
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }

  String name() {
    return name;
  }

  Process process() {
    return process;
  }

  Path logFile() {
    return logFile;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL if the process has not exited after {@code grace}. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(grace)) {
      kill();
    }
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** A readiness check; it may block briefly and must not throw. */
  @FunctionalInterface
  interface Probe {
    boolean ready();
  }

  /**
   * Polls {@code probe} every 200 ms until it says ready.
   *
   * @param target what is being waited for, for the timeout message (e.g. the readiness URL)
   * @throws IllegalStateException on timeout, if the process exits first, or if the waiting thread
   *     is interrupted (its interrupt flag is then set again); the message ends with the log tail
   */
  void awaitReady(Duration timeout, String target, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            withLogTail(name + " exited with code " + process.exitValue() + " before it was ready",
                TAIL_LINES));
      }
      if (probe.ready()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            withLogTail(
                "%s was not ready after %s (waited for %s)".formatted(name, seconds(timeout), target),
                TAIL_LINES));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name + " to be ready", e);
      }
    }
  }

  /** How many log lines the error messages show. */
  static final int TAIL_LINES = 20;

  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** "exited with code 3" or "is still running". */
  String describeExit() {
    return process.isAlive() ? "is still running" : "exited with code " + process.exitValue();
  }

  /** The last {@code lines} lines that this run wrote to its log, joined with newlines. */
  String logTail(int lines) {
    return tail(logFile, logStart, lines);
  }

  /** A message followed by the log tail, as the error messages of the launcher show it. */
  String withLogTail(String message, int lines) {
    String tail = logTail(lines);
    return tail.isEmpty()
        ? message + " (" + logFile + " is empty)"
        : message + "; last lines of " + logFile + ":\n" + indent(tail);
  }

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  /** Reads at most the last 256 KiB after {@code from}, which is plenty for a few dozen lines. */
  static String tail(Path file, long from, int lines) {
    if (lines <= 0 || !Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long start = Math.max(from, length - 256 * 1024);
      if (start >= length) {
        return "";
      }
      byte[] bytes = new byte[(int) (length - start)];
      raf.seek(start);
      raf.readFully(bytes);
      List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
      List<String> nonEmptyTail = all;
      while (!nonEmptyTail.isEmpty() && nonEmptyTail.get(nonEmptyTail.size() - 1).isBlank()) {
        nonEmptyTail = nonEmptyTail.subList(0, nonEmptyTail.size() - 1);
      }
      return String.join(
          "\n", nonEmptyTail.subList(Math.max(0, nonEmptyTail.size() - lines), nonEmptyTail.size()));
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }
}
