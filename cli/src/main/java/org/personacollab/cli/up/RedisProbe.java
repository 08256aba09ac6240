package org.personacollab.cli.up;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** What answers on a would-be Redis port: nothing, a usable Redis, or something else. */
public final class RedisProbe {

  /** The answer of {@link #probe(int)}. */
  public enum Status {
    /** Nothing listens: {@code persona up} starts an embedded Redis here. */
    FREE,
    /** A Redis answered {@code PING} with {@code +PONG}: use it. */
    REDIS,
    /** A Redis answered {@code -NOAUTH}: it wants a password that the services do not have. */
    REDIS_NEEDS_PASSWORD,
    /** Something listens but does not speak Redis (or does not answer within a second). */
    OTHER
  }

  private RedisProbe() {}

  /** Sends one RESP {@code PING} to {@code localhost:port} and classifies the answer. */
  public static Status probe(int port) {
    if (Ports.isFree(port)) {
      return Status.FREE;
    }
    String answer = ping(port);
    if (answer.startsWith("+PONG")) {
      return Status.REDIS;
    }
    if (answer.startsWith("-NOAUTH")) {
      return Status.REDIS_NEEDS_PASSWORD;
    }
    return Status.OTHER;
  }

  /** True if a Redis on {@code localhost:port} answers PING. */
  public static boolean answersPing(int port) {
    return ping(port).startsWith("+PONG");
  }

  /** The first line the server sent back, or "" if it did not answer. */
  static String ping(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 500);
      socket.setSoTimeout(1_000);
      socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while (line.length() < 128 && (c = in.read()) != -1 && c != '\r' && c != '\n') {
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      return "";
    }
  }
}
