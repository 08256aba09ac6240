package org.personacollab.cli.up;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One Spring Boot service running from its executable jar in a child JVM.
 *
 * <pre>{@code
 * try (ServiceProcess session = ServiceProcess.start(spec)) {
 *   session.awaitReady(Duration.ofSeconds(60));   // GET /actuator/health/readiness == 200
 *   ... exercise it ...
 *   session.kill();                               // or let close() stop it with SIGTERM
 * }
 * }</pre>
 *
 * <p>Output goes to {@link ServiceSpec#logFile()} (appended, after a header line with the command),
 * never to the caller's terminal. The child runs in a session of its own where {@code setsid}
 * exists, so a Ctrl-C meant for the launcher does not reach it (see {@code Child}).
 */
public final class ServiceProcess implements ManagedProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final ServiceSpec spec;
  private final Child child;

  private ServiceProcess(ServiceSpec spec, Child child) {
    this.spec = spec;
    this.child = child;
  }

  /**
   * Launches {@code java <jvmArgs> -jar <jar> <args>} and returns at once; call {@link
   * #awaitReady} to wait for it.
   *
   * @throws IOException if the log file cannot be written or the process cannot be started
   * @throws IllegalArgumentException if the jar does not exist
   */
  public static ServiceProcess start(ServiceSpec spec) throws IOException {
    if (!java.nio.file.Files.isRegularFile(spec.jar())) {
      throw new IllegalArgumentException(spec.name() + ": no jar at " + spec.jar().toAbsolutePath());
    }
    return new ServiceProcess(spec, Child.start(spec.name(), spec.command(), spec.env(), spec.logFile()));
  }

  /**
   * Polls {@link ServiceSpec#readinessUrl()} until it answers 200.
   *
   * @throws IllegalStateException on timeout or if the process exits first, with the log tail
   */
  @Override
  public void awaitReady(Duration timeout) {
    child.awaitReady(timeout, spec.readinessUrl(), this::isReadyNow);
  }

  /** One readiness request: true if it answered 200, false on any other answer or error. */
  public boolean isReadyNow() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(spec.readinessUrl()))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
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
  public int port() {
    return spec.port();
  }

  @Override
  public String name() {
    return spec.name();
  }

  public ServiceSpec spec() {
    return spec;
  }

  public long pid() {
    return child.process().pid();
  }

  @Override
  public Path logFile() {
    return child.logFile();
  }

  /** {@code stop(10 s)}. */
  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  @Override
  public String toString() {
    return "ServiceProcess[" + spec.name() + " pid " + pid() + " port " + spec.port() + "]";
  }
}
