package org.personacollab.gateway.domain;

/** Closes one socket with a WebSocket close code and a reason. */
@FunctionalInterface
public interface SocketCloser {
  void close(int code, String reason);
}
