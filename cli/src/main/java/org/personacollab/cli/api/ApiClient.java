package org.personacollab.cli.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.Json;
import org.personacollab.generation.research.NamedContent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * JSON over HTTP to one Persona Collab server (the gateway, which routes {@code /api/**}).
 * Every method returns the response body as a tree, or throws {@link ApiException} with a
 * sentence that says what went wrong and, where possible, what to do:
 *
 * <ul>
 *   <li>a 4xx/5xx answer: the problem's {@code detail} and {@code code} ({@link Problem#describe});
 *   <li>no answer: "cannot reach the Persona Collab server at ... (connection refused)" with the
 *       way to start one, or the timeout that passed.
 * </ul>
 *
 * Thread-safe. Tokens are sent as {@code Authorization: Bearer} and never appear in messages.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI server;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * A client of the server at {@code server} ({@code http://host:port}, optionally with a path
   * prefix), waiting at most {@code timeout} for each answer.
   */
  public ApiClient(URI server, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** The server's base URL without a trailing slash, e.g. {@code http://localhost:8080}. */
  public String server() {
    return server.toString().replaceAll("/+$", "");
  }

  /** {@code POST path} with {@code body} as JSON (no body when null). */
  public JsonNode post(String path, @Nullable String token, @Nullable Object body) {
    HttpRequest.BodyPublisher publisher =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.line(body));
    return send("POST", path, token, publisher, body != null);
  }

  /**
   * {@code POST path} as {@code multipart/form-data}: one part {@code files} per entry of {@code
   * files} (its file name the relative path, bytes as {@code application/octet-stream}), then one
   * form field per entry of {@code fields}.
   */
  public JsonNode postMultipart(
      String path, @Nullable String token, List<NamedContent> files,
      Map<String, String> fields) {
    String boundary = "persona-" + UUID.randomUUID();
    List<byte[]> body = new ArrayList<>();
    for (var file : files) {
      body.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
          + quoted(file.name()) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
          .getBytes(UTF_8));
      body.add(file.content());
      body.add("\r\n".getBytes(UTF_8));
    }
    fields.forEach((name, value) -> body.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
        + quoted(name) + "\"\r\n\r\n" + value + "\r\n").getBytes(UTF_8)));
    body.add(("--" + boundary + "--\r\n").getBytes(UTF_8));
    return send("POST", path, token, HttpRequest.BodyPublishers.ofByteArrays(body),
        "multipart/form-data; boundary=" + boundary);
  }

  /** A header parameter value: quotes and backslashes escaped, line breaks dropped. */
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
  }

  /** {@code GET path}. */
  public JsonNode get(String path, @Nullable String token) {
    return send("GET", path, token, HttpRequest.BodyPublishers.noBody(), false);
  }

  private JsonNode send(String method, String path, @Nullable String token, HttpRequest.BodyPublisher body, boolean json) {
    return send(method, path, token, body, json ? "application/json" : null);
  }

  private JsonNode send(
      String method, String path, @Nullable String token, HttpRequest.BodyPublisher body, @Nullable String contentType) {
    String request = method + " " + path;
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(server() + path)).timeout(timeout).header("Accept", "application/json")
            .method(method, body);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw new ApiException("the server at " + server() + " did not answer " + request + " within "
          + timeout.toSeconds() + " s; try again, or check its logs", null, e);
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      throw e.getCause() instanceof UnresolvedAddressException
          ? unreachable("unknown host", e)
          : new ApiException(request + " to " + server() + " failed: " + e, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted while waiting for " + server(), null, e);
    }
    return answer(request, response.statusCode(), response.body());
  }

  private ApiException unreachable(String why, Exception cause) {
    return new ApiException("cannot reach the Persona Collab server at " + server() + " (" + why + "); start one with"
        + " 'persona up', or name another with --server", null, cause);
  }

  /** The body of a successful answer, or the problem of a failed one. */
  static JsonNode answer(String request, int status, String body) {
    JsonNode tree = parse(body);
    if (status >= 200 && status < 300) {
      if (tree == null && !body.isBlank()) {
        throw new ApiException("the server answered " + request + " with something that is not JSON: "
            + Json.abbreviate(body, 80), null, null);
      }
      return tree == null ? Json.MAPPER.createObjectNode() : tree;
    }
    Problem problem = Problem.of(status, tree);
    return throwProblem(request, problem);
  }

  private static JsonNode throwProblem(String request, Problem problem) {
    throw new ApiException(problem.describe(request), problem, null);
  }

  private static @Nullable JsonNode parse(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }
}
