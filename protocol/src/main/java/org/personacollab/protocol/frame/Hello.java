package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;

/**
 * The client's side of the handshake. The server sends a {@code welcome} as soon as the socket
 * opens; a client that has nothing to resume may say nothing or
 * {@code {"type":"hello","protocol":1}}. A client that reconnects resumes with
 * {@code {"type":"hello","protocol":1,"clientId":"c…","version":57,"seq":12}}: its earlier
 * {@code clientId}, the version of the document it has, and the last {@code seq} it used. The
 * server answers with a second {@code welcome} ({@code resumed: true}, no snapshot) followed by
 * every op from {@code version} on, so the client can tell which of its changes were applied and
 * resend the rest with the same {@code seq}. If it cannot resume (unknown client id, a version too
 * old or newer than the server's), the welcome has {@code resumed: false} and a full snapshot.
 *
 * <p>A protocol other than 1 gets {@code error unsupported_protocol}. Invalid: {@code version} or
 * {@code seq} below 0, {@code version} without {@code clientId}.
 */
public record Hello(int protocol, @Nullable String clientId, @Nullable Long version, @Nullable Long seq)
    implements ClientFrame {
  public Hello {
    if (version != null && version < 0) throw new IllegalArgumentException("\"version\" must be 0 or more, got " + version);
    if (seq != null && seq < 0) throw new IllegalArgumentException("\"seq\" must be 0 or more, got " + seq);
    if (version != null && clientId == null) throw new IllegalArgumentException("\"version\" needs the \"clientId\" it belongs to");
    if (clientId != null && clientId.length() > 128) throw new IllegalArgumentException("\"clientId\" is too long");
  }

  /** A plain hello that resumes nothing. */
  public static Hello of(int protocol) {
    return new Hello(protocol, null, null, null);
  }

  /** True if the client asks to resume. */
  public boolean resumes() {
    return clientId != null && version != null;
  }
}
