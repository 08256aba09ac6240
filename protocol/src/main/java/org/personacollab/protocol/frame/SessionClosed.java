package org.personacollab.protocol.frame;

/**
 * The session was closed ({@code reason}: {@code closed} by the facilitator, or {@code timeout}
 * after {@code collaboration.session.timeout_minutes} without activity); the socket is closed
 * with 4410 right after.
 */
public record SessionClosed(String reason, String message, long ts) implements ServerFrame {
  public SessionClosed {
    if (!"closed".equals(reason) && !"timeout".equals(reason)) {
      throw new IllegalArgumentException("reason must be closed or timeout, got " + reason);
    }
    if (message == null || message.isBlank()) throw new IllegalArgumentException("message is required");
  }
}
