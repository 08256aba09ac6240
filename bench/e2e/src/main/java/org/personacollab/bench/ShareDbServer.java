package org.personacollab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.personacollab.cli.up.ManagedProcess;

/**
 * {@code node bench/sharedb/server.js <port>}: ShareDB with its in-memory database in one Node
 * process, the other side of {@link CompareBench}. Ready when its port accepts connections and it
 * has logged that it listens.
 * {@code npm ci} in {@code bench/sharedb} must have run (CompareBench's script does it).
 */
final class ShareDbServer implements ManagedProcess {
  private final Process process;
  private final int port;
  private final Path log;

  private ShareDbServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ShareDbServer start(Path repo, int port, Path log, List<String> nodeOptions) throws IOException {
    Path dir = repo.resolve("bench/sharedb");
    if (!Files.isDirectory(dir.resolve("node_modules/sharedb"))) {
      throw new IllegalStateException("sharedb is not installed: run `npm ci` in " + dir);
    }
    Files.createDirectories(log.getParent());
    List<String> command = new java.util.ArrayList<>();
    command.add("node");
    command.addAll(nodeOptions);
    command.add("server.js");
    command.add(String.valueOf(port));
    Process p = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new ShareDbServer(p, port, log);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public String name() {
    return "sharedb";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("sharedb " + describeExit() + ":\n" + logTail(20));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        if (Files.readString(log).contains("listening on")) return; // the port is ours, not someone else's
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ie);
        }
      }
    }
    throw new IllegalStateException("sharedb not ready within " + timeout + ":\n" + logTail(20));
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void stop(Duration grace) {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Path logFile() {
    return log;
  }

  @Override
  public String describeExit() {
    return process.isAlive() ? "is still running" : "exited with code " + process.exitValue();
  }
}
