package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import picocli.CommandLine;

/** {@code persona up}'s checks before it starts anything, and how it wires the services. */
class UpCommandTest {

  @TempDir Path tmp;
  Path repo;
  Path data;
  final List<ServerSocket> occupied = new ArrayList<>();

  @BeforeEach
  void fakeCheckout() throws IOException {
    repo = tmp.resolve("repo");
    data = tmp.resolve("data");
    for (String module : ServiceJars.MODULES) {
      Path jar = ServiceJars.expected(repo, module);
      Files.createDirectories(jar.getParent());
      Files.writeString(jar, "not really a jar: these tests never get as far as starting it");
    }
  }

  @AfterEach
  void release() throws IOException {
    for (ServerSocket socket : occupied) {
      socket.close();
    }
  }

  /** Free ports for every option, so that only what a test occupies is taken. */
  private List<String> up(String... extra) {
    List<String> args = new ArrayList<>(List.of("up", "--repo", repo.toString(), "--data-dir", data.toString()));
    // Distinct free ports: two calls of freePort() may return the same one (the first socket is
    // closed again), which would be a "same port twice" error the test did not ask for.
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    for (int i = 0; i < extra.length; i++) {
      if (extra[i].endsWith("-port") && i + 1 < extra.length && extra[i + 1].matches("\\d{1,5}")) {
        taken.add(Integer.parseInt(extra[i + 1]));
      }
    }
    for (String option : List.of("--port", "--kafka-port", "--controller-port", "--redis-port",
        "--session-port", "--sync-port", "--generation-port")) {
      if (!List.of(extra).contains(option)) {
        int port;
        do {
          port = Ports.freePort();
        } while (!taken.add(port));
        args.add(option);
        args.add(Integer.toString(port));
      }
    }
    args.addAll(List.of(extra));
    return args;
  }

  private int occupy() throws IOException {
    ServerSocket socket = new ServerSocket(0);
    occupied.add(socket);
    return socket.getLocalPort();
  }

  private void assertNothingStarted(CliRun run) {
    assertThat(run.out()).as("nothing is printed before the checks pass").isEmpty();
    assertThat(data).as("the data dir is not even created").doesNotExist();
  }

  @Test
  void missingJar_oneLineBuildHint() throws IOException {
    Files.delete(ServiceJars.expected(repo, "generation-service"));

    CliRun run = CliRun.run(up().toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "persona: generation-service is not built (no "
                + ServiceJars.expected(repo, "generation-service")
                + "); build it with ./mvnw -DskipTests package");
    assertNothingStarted(run);
  }

  @Test
  void gatewayPortTaken_oneLineNamingPortAndOption() throws IOException {
    int taken = occupy();

    CliRun run = CliRun.run(up("--port", Integer.toString(taken)).toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly("persona: port " + taken
            + " is already in use; stop what uses it or choose another with --port");
    assertNothingStarted(run);
  }

  @Test
  void portTakenOnLoopbackOnly_isStillDetected() throws IOException {
    ServerSocket loopbackOnly = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    occupied.add(loopbackOnly);
    int taken = loopbackOnly.getLocalPort();

    CliRun run = CliRun.run(up("--kafka-port", Integer.toString(taken)).toArray(String[]::new));

    assertThat(run.errLines())
        .containsExactly("persona: port " + taken
            + " is already in use; stop what uses it or choose another with --kafka-port");
  }

  @Test
  void twoPortsTaken_oneLineNamingBoth() throws IOException {
    int kafka = occupy();
    int session = occupy();

    CliRun run = CliRun.run(up("--kafka-port", Integer.toString(kafka),
        "--session-port", Integer.toString(session)).toArray(String[]::new));

    assertThat(run.errLines())
        .containsExactly("persona: ports " + kafka + " and " + session
            + " are already in use; stop what uses them or choose others with --kafka-port and --session-port");
    assertNothingStarted(run);
  }

  @Test
  void redisPortTakenByNonRedis_oneLine() throws IOException {
    int silent = occupy(); // accepts connections (backlog) but never answers PING

    CliRun run = CliRun.run(up("--redis-port", Integer.toString(silent)).toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly("persona: port " + silent + " is in use by something that is not Redis;"
            + " stop it, or choose another port with --redis-port (a free port gets an embedded Redis)");
    assertNothingStarted(run);
  }

  @Test
  void redisPortWithPasswordProtectedRedis_oneLine() throws IOException {
    int port = fakeRedis("-NOAUTH Authentication required.\r\n");

    CliRun run = CliRun.run(up("--redis-port", Integer.toString(port)).toArray(String[]::new));

    assertThat(run.errLines())
        .containsExactly("persona: the Redis on port " + port + " wants a password;"
            + " choose another port with --redis-port (a free port gets an embedded Redis)");
  }

  @Test
  void samePortTwice_oneLine() {
    CliRun run = CliRun.run(up("--port", "18080", "--sync-port", "18080").toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly("persona: --sync-port and --port are both 18080; give each its own port");
  }

  @Test
  void portOutOfRange_oneLine() {
    CliRun run = CliRun.run(up("--kafka-port", "70000").toArray(String[]::new));

    assertThat(run.errLines())
        .containsExactly("persona: --kafka-port must be a port between 1 and 65535, not 70000");
  }

  @Test
  void missingConfigFile_oneLine() {
    Path missing = tmp.resolve("nope.yaml");

    CliRun run = CliRun.run(up("--config", missing.toString()).toArray(String[]::new));

    assertThat(run.errLines())
        .containsExactly("persona: config file " + missing + " does not exist (--config)");
    assertNothingStarted(run);
  }

  @Test
  void defaults_matchTheDocumentedPorts() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs();

    assertThat(up.dataDir).isEqualTo(Path.of("./.persona"));
    assertThat(List.of(up.port, up.sessionPort, up.syncPort, up.generationPort, up.kafkaPort,
            up.controllerPort, up.redisPort))
        .containsExactly(8080, 8081, 8082, 8083, 9092, 9093, 6379);
    assertThat(up.startTimeoutSeconds).isEqualTo(120);
    assertThat(up.config).isNull();
  }

  @Test
  void serviceSpecs_wireEachServiceToKafkaRedisAndItsPeers() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs("--port", "18080", "--session-port", "18081", "--sync-port",
        "18082", "--generation-port", "18083", "--kafka-port", "19092", "--redis-port", "16379");
    Map<String, Path> jars = new LinkedHashMap<>();
    ServiceJars.MODULES.forEach(m -> jars.put(m, Path.of("/repo", m + ".jar")));
    Path logs = Path.of("/data/logs");

    List<ServiceSpec> specs = up.serviceSpecs(jars, logs, Path.of("/home/me/persona.yaml"));

    List<String> common = List.of(
        "--persona.kafka.bootstrap-servers=localhost:19092",
        "--spring.data.redis.host=localhost",
        "--spring.data.redis.port=16379",
        "--spring.config.additional-location=optional:file:/home/me/persona.yaml");
    String session = "--persona.services.session-url=http://localhost:18081";
    String generation = "--persona.services.generation-url=http://localhost:18083";
    String sync = "--persona.services.sync-url=http://localhost:18082";
    // name -> (port, args after --server.port and the common ones), in start order
    Map<String, Map.Entry<Integer, List<String>>> expected = new LinkedHashMap<>();
    expected.put("session-service", entry(18081, List.of(
        "--persona.auth.key-file=" + logs.toAbsolutePath().normalize().getParent().resolve("keys").resolve("session-signing-key.json"),
        "--persona.public-url=http://localhost:18080")));
    expected.put("sync-service", entry(18082, List.of()));
    expected.put("generation-service", entry(18083, List.of(session)));
    expected.put("gateway-service", entry(18080, List.of(session, generation, sync,
        "--spring.config.import=optional:file:" + logs.toAbsolutePath().normalize().getParent().resolve("keys").resolve("gateway.properties"))));

    assertThat(specs).extracting(ServiceSpec::name).containsExactlyElementsOf(expected.keySet());
    for (ServiceSpec spec : specs) {
      Map.Entry<Integer, List<String>> want = expected.get(spec.name());
      List<String> args = new ArrayList<>();
      args.add("--server.port=" + want.getKey());
      args.addAll(common);
      args.addAll(want.getValue());
      assertThat(spec.port()).as(spec.name()).isEqualTo(want.getKey());
      assertThat(spec.args()).as(spec.name()).containsExactlyElementsOf(args);
      assertThat(spec.jar()).isEqualTo(jars.get(spec.name()));
      assertThat(spec.logFile()).isEqualTo(logs.resolve(spec.name() + ".log"));
      assertThat(spec.jvmArgs()).contains("-Xmx384m");
    }
  }

  @Test
  void serviceSpecs_withoutConfig_passNoConfigLocation() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs();
    Map<String, Path> jars = new LinkedHashMap<>();
    ServiceJars.MODULES.forEach(m -> jars.put(m, Path.of(m + ".jar")));

    List<ServiceSpec> specs = up.serviceSpecs(jars, Path.of("logs"), null);

    assertThat(specs).allSatisfy(spec -> assertThat(spec.args())
        .noneMatch(arg -> arg.startsWith("--spring.config.additional-location"))
        .contains("--persona.kafka.bootstrap-servers=localhost:9092", "--spring.data.redis.port=6379"));
  }

  /** A server that answers every connection with {@code reply} and closes it. */
  private int fakeRedis(String reply) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(0));
    occupied.add(server);
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket client = server.accept()) {
          InputStream in = client.getInputStream();
          in.read(new byte[64]);
          client.getOutputStream().write(reply.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
          if (!server.isClosed()) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }, "fake-redis");
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }
}
