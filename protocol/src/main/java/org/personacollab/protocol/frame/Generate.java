package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;

/**
 * Starts a generation in the session: {@code {"type":"generate","count":1}}. {@code count}
 * (1–5, default 1) is how many personas to ask for; {@code dataset} names a folder of the
 * server's sample research data (default: all of it).
 */
public record Generate(@Nullable Integer count, @Nullable String dataset) implements ClientFrame {
  public static final int MAX_COUNT = 5;

  public Generate {
    if (count != null && (count < 1 || count > MAX_COUNT)) {
      throw new IllegalArgumentException("\"count\" must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (dataset != null && !dataset.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("\"dataset\" must be a simple folder name, got \"" + dataset + "\"");
    }
  }
}
