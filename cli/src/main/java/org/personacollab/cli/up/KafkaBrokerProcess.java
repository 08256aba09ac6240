package org.personacollab.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A persistent single-node KRaft Kafka broker in a child JVM, run from the Maven Central jars
 * ({@code org.apache.kafka:kafka_2.13}) that are on this JVM's classpath: no Kafka download, no
 * Docker.
 *
 * <h2>What it does</h2>
 * <ol>
 *   <li>Writes {@code <dataDir>/server.properties}: one node that is broker and controller, the
 *       PLAINTEXT listener on {@code port}, the CONTROLLER listener on {@code controllerPort}, and
 *       every replication factor and min ISR at 1 (transactions need
 *       {@code transaction.state.log.*} too, or the first transactional producer hangs).
 *   <li>Formats {@code <dataDir>/data} once ({@code kafka.tools.StorageTool format}), with a
 *       cluster id kept in {@code <dataDir>/cluster.id}. A later start finds {@code
 *       meta.properties} and skips this step, so topics and records survive restarts.
 *   <li>Runs {@code kafka.Kafka server.properties}; {@link #awaitReady} waits until an {@link
 *       Admin} client's {@code describeCluster} sees the broker.
 * </ol>
 *
 * <p>The broker's output goes to the log file (Log4j 2 console output, redirected), never to the
 * caller's terminal. The classpath is the running JVM's own {@code java.class.path}, which is
 * {@code cli/target/cli-*.jar:cli/target/lib/*} when started by {@code ./persona} and the test
 * classpath in tests.
 */
public final class KafkaBrokerProcess implements ManagedProcess {

  /** The broker's heap; Kafka's own scripts default to 1 GiB, a single dev node needs less. */
  static final String HEAP = "-Xmx512m";

  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(90);

  private final Path dataDir;
  private final int port;
  private final Child child;

  private KafkaBrokerProcess(Path dataDir, int port, Child child) {
    this.dataDir = dataDir;
    this.port = port;
    this.child = child;
  }

  /** Starts a broker whose files and log ({@code <dataDir>/kafka.log}) all live in {@code dataDir}. */
  public static KafkaBrokerProcess start(Path dataDir, int port, int controllerPort)
      throws IOException {
    return start(dataDir, port, controllerPort, dataDir.resolve("kafka.log"));
  }

  /**
   * Formats {@code dataDir} if needed (blocking, a few seconds) and launches the broker; returns
   * without waiting for it to accept clients (see {@link #awaitReady}).
   *
   * @param dataDir the broker's home: {@code server.properties}, {@code cluster.id} and {@code
   *     data/} (the log dirs); created if missing, reused if it holds an earlier broker's data
   * @param port the PLAINTEXT port that clients use ({@link #bootstrapServers()})
   * @param controllerPort the KRaft controller port
   * @param logFile where the broker's output is appended
   * @throws IOException if files cannot be written, the JVM cannot be started or formatting fails
   * @throws IllegalStateException if the Kafka broker classes are not on this JVM's classpath
   */
  public static KafkaBrokerProcess start(Path dataDir, int port, int controllerPort, Path logFile)
      throws IOException {
    if (port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
    }
    requireBrokerOnClasspath();
    Path home = dataDir.toAbsolutePath();
    Path logs = logFile.toAbsolutePath();
    Files.createDirectories(home);
    Path config = home.resolve("server.properties");
    Files.writeString(config, serverProperties(home.resolve("data"), port, controllerPort));

    if (!Files.exists(home.resolve("data").resolve("meta.properties"))) {
      format(home, config, logs);
    }
    List<String> command = javaCommand(logs, "kafka.Kafka", config.toString());
    return new KafkaBrokerProcess(home, port, Child.start("kafka", command, Map.of(), logs));
  }

  /** The contents of {@code server.properties} (public so that tests and docs can show it). */
  public static String serverProperties(Path logDir, int port, int controllerPort) {
    return """
        # Written by persona up on every start; edits are overwritten.
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@localhost:%2$d
        listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
        advertised.listeners=PLAINTEXT://localhost:%1$d
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        controller.listener.names=CONTROLLER
        inter.broker.listener.name=PLAINTEXT
        log.dirs=%3$s
        num.partitions=1
        default.replication.factor=1
        min.insync.replicas=1
        offsets.topic.replication.factor=1
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
        """
        .formatted(port, controllerPort, escape(logDir.toString()));
  }

  /** Java properties treat backslashes as escapes (Windows paths). */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }

  private static void format(Path home, Path config, Path logFile) throws IOException {
    String clusterId = clusterId(home);
    List<String> command =
        javaCommand(
            logFile,
            "kafka.tools.StorageTool",
            "format",
            "--ignore-formatted",
            "-t",
            clusterId,
            "-c",
            config.toString());
    Child tool = Child.start("kafka storage format", command, Map.of(), logFile);
    boolean done;
    try {
      done = tool.process().waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tool.kill();
      throw new IOException("interrupted while formatting the Kafka storage in " + home, e);
    }
    if (!done) {
      tool.kill();
      throw new IOException(
          tool.withLogTail("formatting the Kafka storage in " + home + " did not finish within "
              + Child.seconds(FORMAT_TIMEOUT), Child.TAIL_LINES));
    }
    if (tool.process().exitValue() != 0) {
      throw new IOException(
          tool.withLogTail("formatting the Kafka storage in " + home + " failed (exit code "
              + tool.process().exitValue() + ")", Child.TAIL_LINES));
    }
  }

  /** The cluster id in {@code cluster.id}, created on first use. */
  private static String clusterId(Path home) throws IOException {
    Path file = home.resolve("cluster.id");
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
    return id;
  }

  private static List<String> javaCommand(Path logFile, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Child.javaExecutable());
    command.add(HEAP);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=classpath:persona-kafka-log4j2.xml");
    // Log4j's own shutdown hook would stop logging while Kafka's hook is still closing the logs.
    command.add("-Dlog4j2.shutdownHookEnabled=false");
    Path logDir = logFile.getParent();
    if (logDir != null) {
      command.add("-Dkafka.logs.dir=" + logDir);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  private static void requireBrokerOnClasspath() {
    try {
      Class.forName("kafka.Kafka", false, KafkaBrokerProcess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the Kafka broker (org.apache.kafka:kafka_2.13) is not on the classpath; "
              + "run persona through the ./persona script, which puts cli/target/lib on it");
    }
  }

  /** {@code localhost:<port>}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /**
   * Waits until the broker is registered and unfenced, as an {@link Admin} client's {@code
   * describeCluster} shows it.
   *
   * @throws IllegalStateException on timeout or if the broker exits first, with its log tail
   */
  @Override
  public void awaitReady(Duration timeout) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    try (Admin admin = Admin.create(config)) {
      child.awaitReady(timeout, "a Kafka broker on " + bootstrapServers(), () -> hasBroker(admin));
    }
  }

  private static boolean hasBroker(Admin admin) {
    try {
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
          .nodes()
          .get(3, TimeUnit.SECONDS)
          .isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean isAlive() {
    return child.isAlive();
  }

  /**
   * SIGTERM (the broker's shutdown hook closes its logs cleanly), SIGKILL after {@code grace}. A
   * killed broker recovers its logs on the next start, so nothing acknowledged is lost either way.
   */
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
  public String name() {
    return "kafka";
  }

  @Override
  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public Path logFile() {
    return child.logFile();
  }

  public long pid() {
    return child.process().pid();
  }

  /** {@code stop(10 s)}. */
  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  @Override
  public String toString() {
    return "KafkaBrokerProcess[" + bootstrapServers() + " pid " + pid() + " data " + dataDir + "]";
  }
}
