package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A json0 op made against version {@code v}:
 * {@code {"type":"op","seq":4,"v":12,"op":[{"p":["goals",0],"si":"Weekly "}]}}.
 *
 * <p>{@code seq} counts this connection's changes (edits and ops share the counter); {@code src},
 * if given, must be the connection's {@code clientId}. The op comes back, transformed, as the
 * client's ack. Invalid: {@code seq} below 1, {@code v} below 0, an {@code op} that is not a list.
 */
public record OpSubmit(@Nullable String src, long seq, long v, JsonNode op) implements ClientFrame {
  /** The most components one op may have. */
  public static final int MAX_COMPONENTS = 1000;

  public OpSubmit {
    if (seq < 1) throw new IllegalArgumentException("\"seq\" must be 1 or more, got " + seq);
    if (v < 0) throw new IllegalArgumentException("\"v\" must be 0 or more, got " + v);
    if (op == null || !op.isArray()) throw new IllegalArgumentException("\"op\" must be a json0 op (a list of components)");
    if (op.size() > MAX_COMPONENTS) throw new IllegalArgumentException("\"op\" has more than " + MAX_COMPONENTS + " components");
  }
}
