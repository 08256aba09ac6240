package org.personacollab.platform.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -cp @/app/jib-classpath-file org.personacollab.platform.probe.HealthProbe <url>}:
 * exits 0 when {@code url} answers 200 within two seconds, 1 otherwise, and says why on one line.
 * docker-compose's healthchecks run it in the service images (distroless-like: no shell, no
 * curl); Kubernetes probes the same Actuator URLs over HTTP itself and does not need it.
 *
 * <p>Only loopback URLs are accepted ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}): a
 * healthcheck reports on its own container.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    System.exit(check(args, System.out));
  }

  /** The exit code for {@code args} (one loopback http URL); the reason goes to {@code out}. */
  static int check(String[] args, PrintStream out) {
    if (args.length != 1) {
      out.println("usage: HealthProbe http://localhost:<port>/actuator/health/readiness");
      return 2;
    }
    URI uri;
    try {
      uri = URI.create(args[0]);
    } catch (IllegalArgumentException e) {
      out.println("not a URL: " + args[0]);
      return 2;
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null
        || !(uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1") || uri.getHost().equals("[::1]"))) {
      out.println("only http URLs on this container (localhost) are probed: " + args[0]);
      return 2;
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      out.println(response.statusCode() + " " + abbreviate(response.body()));
      return response.statusCode() == 200 ? 0 : 1;
    } catch (IOException e) {
      out.println("no answer from " + uri + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("interrupted");
      return 1;
    }
  }

  private static String abbreviate(String body) {
    String line = body.replace('\n', ' ');
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
