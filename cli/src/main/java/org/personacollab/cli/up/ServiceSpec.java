package org.personacollab.cli.up;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one Spring Boot service: {@code java <jvmArgs> -jar <jar> <args>} with {@code env}
 * added to the environment, output to {@code logFile}, ready when {@code
 * http://localhost:<port>/actuator/health/readiness} answers 200.
 *
 * <p>{@code port} is what the launcher polls; it does not add {@code --server.port} by itself, so
 * {@code args} normally contains {@code --server.port=<port>} (see {@link #withServerPort}).
 *
 * <pre>{@code
 * new ServiceSpec("sync-service", ServiceJars.locate(root, "sync-service"), 18082,
 *     List.of("--server.port=18082", "--persona.kafka.bootstrap-servers=" + kafka.bootstrapServers()),
 *     List.of("-Xmx384m"), Map.of(), logs.resolve("sync-service.log"));
 * }</pre>
 *
 * @param name a short name for messages, e.g. {@code sync-service}
 * @param jar the executable jar
 * @param port the HTTP port of the service (1..65535)
 * @param args program arguments (Spring's {@code --key=value})
 * @param jvmArgs JVM options placed before {@code -jar}, e.g. {@code -Xmx384m}
 * @param env environment variables added to the launcher's environment
 * @param logFile where stdout and stderr are appended
 */
public record ServiceSpec(
    String name,
    Path jar,
    int port,
    List<String> args,
    List<String> jvmArgs,
    Map<String, String> env,
    Path logFile) {

  public ServiceSpec {
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port + " for " + name);
    }
    args = List.copyOf(args);
    jvmArgs = List.copyOf(jvmArgs);
    env = Map.copyOf(env);
  }

  /**
   * A spec with {@code --server.port=<port>} as its first argument, followed by {@code args}; no
   * extra environment.
   */
  public static ServiceSpec withServerPort(
      String name, Path jar, int port, List<String> args, List<String> jvmArgs, Path logFile) {
    List<String> all = new java.util.ArrayList<>(args.size() + 1);
    all.add("--server.port=" + port);
    all.addAll(args);
    return new ServiceSpec(name, jar, port, all, jvmArgs, Map.of(), logFile);
  }

  /** The full command line, starting with the java launcher of the running JVM. */
  public List<String> command() {
    List<String> command = new java.util.ArrayList<>();
    command.add(Child.javaExecutable());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(args);
    return List.copyOf(command);
  }

  /** {@code http://localhost:<port>/actuator/health/readiness}. */
  public String readinessUrl() {
    return "http://localhost:" + port + "/actuator/health/readiness";
  }
}
