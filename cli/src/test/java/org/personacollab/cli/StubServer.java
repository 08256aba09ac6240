package org.personacollab.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A small local HTTP server standing in for the gateway in unit tests: canned answers per
 * {@code METHOD /path}, failures as the real {@code application/problem+json} bodies the services
 * send, and every request recorded for assertions. Unknown routes answer 404 without a body.
 */
public final class StubServer implements AutoCloseable {

  /** A request as the stub received it. */
  public record Request(String method, String path, @Nullable String query, @Nullable String authorization, String body) {}

  /** An answer. */
  public record Response(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private StubServer(HttpServer server) {
    this.server = server;
  }

  /** A stub on a free port of the loopback interface. */
  public static StubServer start() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StubServer stub = new StubServer(http);
      http.createContext("/", stub::handle);
      http.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code method path} with {@code status} and a JSON body. */
  public StubServer json(String method, String path, int status, String json) {
    return on(method, path, request -> new Response(status, "application/json", json));
  }

  /** Answers {@code method path} with a problem, in the shape of the services' ProblemDetail. */
  public StubServer problem(String method, String path, int status, String code, String detail) {
    return on(method, path, request -> problemResponse(status, code, detail));
  }

  /** Answers {@code method path} with whatever {@code answer} makes of the request. */
  public StubServer on(String method, String path, Function<Request, Response> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  /** The real problem body: type, title, status, detail and code. */
  public static Response problemResponse(int status, String code, String detail) {
    String json = "{\"type\":\"urn:persona-collab:error:" + code + "\",\"title\":\"" + title(status) + "\",\"status\":"
        + status + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\",\"instance\":\"/x\",\"code\":\"" + code + "\"}";
    return new Response(status, "application/problem+json", json);
  }

  /** Every request so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The last request to {@code method path}. */
  public Request last(String method, String path) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      Request r = requests.get(i);
      if (r.method().equals(method) && r.path().equals(path)) {
        return r;
      }
    }
    throw new AssertionError("no " + method + " " + path + " among " + requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"), body);
    requests.add(request);
    Function<Request, Response> route = routes.get(request.method() + " " + request.path());
    Response response = route == null ? new Response(404, "text/plain", "") : route.apply(request);
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      default -> "Error";
    };
  }
}
