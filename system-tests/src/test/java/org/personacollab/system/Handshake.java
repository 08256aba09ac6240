package org.personacollab.system;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket upgrade request over a plain socket, to read what a refused handshake answers:
 * the status, the headers and the problem body (the JDK's client only reports the status, and
 * refuses to send some headers). An accepted upgrade (101) is closed at once.
 */
final class Handshake {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The answer to an upgrade request; {@code problem} is the body as JSON ({@code null} if none). */
  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode problem() {
      return body.isBlank() ? tools.jackson.databind.node.NullNode.getInstance() : JSON.readTree(body);
    }

    String code() {
      return problem().path("code").asString("");
    }

    boolean upgraded() {
      return status == 101 || "websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  private Handshake() {}

  /** Sends {@code GET path} with the upgrade headers and {@code extra} headers; reads the answer. */
  static Answer attempt(int port, String path, Map<String, String> extra) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(20_000);
      StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n")
          .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
          .append("Sec-WebSocket-Version: 13\r\n");
      extra.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) head.write(in.readUnsignedByte());
      String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      String body = "";
      if (status != 101) body = readBody(in, headers);
      return new Answer(status, headers, body);
    }
  }

  private static String readBody(DataInputStream in, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      while (true) {
        int size = Integer.parseInt(line(in).trim(), 16);
        if (size == 0) break;
        byte[] chunk = new byte[size];
        in.readFully(chunk);
        body.write(chunk);
        line(in);
      }
    } else {
      byte[] bytes = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
      in.readFully(bytes);
      body.write(bytes);
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private static String line(DataInputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (!line.toString(StandardCharsets.US_ASCII).endsWith("\r\n")) line.write(in.readUnsignedByte());
    return line.toString(StandardCharsets.US_ASCII);
  }
}
