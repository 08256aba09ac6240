package org.personacollab.client;

/**
 * Where a {@link PersonaClient} is in its life. The usual path is {@code NEW → CONNECTING →
 * CONNECTED}, then {@code RECONNECTING → CONNECTED} after each lost connection, and
 * {@code CLOSED} at the end.
 */
public enum ConnectionState {
  /** Built; {@link PersonaClient#connect()} has not been called. */
  NEW,
  /** Opening the first connection, or retrying it after transient failures; no document yet. */
  CONNECTING,
  /** The document is in sync with the server's op stream: changes are sent and received. */
  CONNECTED,
  /**
   * The connection was lost after the client had a document; the client retries with backoff and
   * resumes from its version. Local changes are still accepted and queued meanwhile.
   */
  RECONNECTING,
  /**
   * Final: {@link PersonaClient#close()} was called or the server refused the client for good
   * (unknown session, collaboration disabled, authentication).
   */
  CLOSED
}
