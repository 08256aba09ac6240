package org.personacollab.cli.generate;

import java.util.Locale;

/** What has streamed so far, for the progress line: chunks, characters, seconds since the start. */
final class Progress {
  private final long startNanos;
  private long chunks;
  private long characters;

  Progress(long startNanos) {
    this.startNanos = startNanos;
  }

  void chunk(String content) {
    chunks++;
    characters += content.codePointCount(0, content.length());
  }

  long chunks() {
    return chunks;
  }

  /** {@code "12 chunks, 1,234 characters, 3.2 s"} as of {@code nowNanos}. */
  String line(long nowNanos) {
    return String.format(Locale.ROOT, "%,d chunk%s, %,d character%s, %.1f s",
        chunks, chunks == 1 ? "" : "s", characters, characters == 1 ? "" : "s", (nowNanos - startNanos) / 1e9);
  }
}
