package org.personacollab.generation.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A provider's HTTP API played from a script, on a raw socket so that every byte is ours: the
 * status line, headers, a body in HTTP/1.1 chunked encoding written piece by piece with pauses,
 * and a dropped connection (the socket closed without the terminating chunk), which a JDK or
 * Netty server would not let us do. Each request is recorded (method, path, headers, body); the
 * script for it is chosen by path, and may differ per attempt.
 */
public final class StubLlmServer implements AutoCloseable {

  /** One step of a response body. */
  public sealed interface Step permits Send, Pause, Drop {}

  public record Send(String text) implements Step {}

  public record Pause(long millis) implements Step {}

  /** Close the connection here, mid-body, without ending the chunked body. */
  public record Drop() implements Step {}

  /** A scripted response. */
  public record Script(int status, String contentType, List<Step> steps) {
    static Script of(int status, String contentType, Step... steps) {
      return new Script(status, contentType, List.of(steps));
    }
  }

  public record Recorded(String method, String path, Map<String, String> headers, String body) {}

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Function<Integer, Script>> routes = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  public StubLlmServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::acceptLoop);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The same script for every request to {@code path} (path without query). */
  public StubLlmServer on(String path, Script script) {
    routes.put(path, attempt -> script);
    return this;
  }

  /** A script per attempt (1, 2, …) of requests to {@code path}. */
  StubLlmServer on(String path, Function<Integer, Script> byAttempt) {
    routes.put(path, byAttempt);
    return this;
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  long requestsTo(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).count();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        threads.submit(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head.isEmpty()) return;
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new ConcurrentHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      String body = readBody(in, headers);
      String path = requestLine[1].contains("?") ? requestLine[1].substring(0, requestLine[1].indexOf('?')) : requestLine[1];
      requests.add(new Recorded(requestLine[0], requestLine[1], Map.copyOf(headers), body));
      int attempt = attempts.merge(path, 1, Integer::sum);
      Function<Integer, Script> route = routes.get(path);
      Script script = route == null ? Script.of(404, "application/json", new Send("{\"error\":\"no route " + path + "\"}")) : route.apply(attempt);
      play(socket.getOutputStream(), script);
    } catch (IOException | InterruptedException e) {
      // The client went away (e.g. it cancelled or timed out): nothing to do.
    }
  }

  private static void play(OutputStream out, Script script) throws IOException, InterruptedException {
    String status = script.status() + " " + (script.status() / 100 == 2 ? "OK" : "Error");
    String head =
        "HTTP/1.1 " + status + "\r\nContent-Type: " + script.contentType() + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    for (Step step : script.steps()) {
      if (step instanceof Send s) {
        byte[] bytes = s.text().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) continue;
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } else if (step instanceof Pause p) {
        Thread.sleep(p.millis());
      } else {
        return; // Drop: the caller closes the socket, so the body never gets its terminating chunk
      }
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) break;
    }
    return head.toString(StandardCharsets.US_ASCII).strip();
  }

  private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
    String length = headers.get("content-length");
    if (length != null) return new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          readLine(in);
          break;
        }
        body.write(in.readNBytes(n));
        readLine(in);
      }
      return body.toString(StandardCharsets.UTF_8);
    }
    return "";
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1 && b != '\n') if (b != '\r') line.append((char) b);
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) s.close();
    threads.shutdownNow();
  }

  /** Splits text into pieces of at most {@code size} characters. */
  static List<String> pieces(String text, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) out.add(text.substring(i, Math.min(text.length(), i + size)));
    return out;
  }
}
