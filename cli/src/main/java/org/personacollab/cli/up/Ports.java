package org.personacollab.cli.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Questions about local TCP ports, asked before anything is started. */
public final class Ports {

  private Ports() {}

  /**
   * True if nothing listens on {@code port}: it can be bound on all interfaces, and nothing
   * accepts a connection on 127.0.0.1 or ::1.
   *
   * <p>The bind uses {@code SO_REUSEADDR}, so sockets of an earlier run that linger in TIME_WAIT
   * do not count as "in use" (the services bind the same way). The connect check catches a
   * listener that a wildcard bind would not collide with (one bound with {@code SO_REUSEPORT}, or
   * on ::1 only when the wildcard socket is IPv4).
   */
  public static boolean isFree(int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      return false;
    }
    return !acceptsConnections("127.0.0.1", port) && !acceptsConnections("::1", port);
  }

  /**
   * A port that was free a moment ago (the kernel's choice of an ephemeral port). Another process
   * may take it before the caller binds it; tests accept that small race.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port", e);
    }
  }

  static boolean acceptsConnections(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
