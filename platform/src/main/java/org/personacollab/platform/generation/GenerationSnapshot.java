package org.personacollab.platform.generation;

import java.util.List;

/**
 * A session's current generation as read at one moment, with the chunks from index {@code from}
 * on: {@code chunks.get(i)} is chunk {@code from + i}. {@code chunkCount} is how many chunks it has
 * in all, so {@code from + chunks.size() == chunkCount} (unless {@code from} was past the end, when
 * {@code chunks} is empty).
 *
 * @param startedBy the user id of whoever started it
 * @param startedAt epoch milliseconds
 */
public record GenerationSnapshot(
    String generationId,
    GenerationStatus status,
    String provider,
    String startedBy,
    long startedAt,
    long chunkCount,
    long from,
    List<String> chunks) {
  public GenerationSnapshot {
    if (from < 0) throw new IllegalArgumentException("from must be 0 or more, got " + from);
    if (chunkCount < 0) throw new IllegalArgumentException("chunkCount must be 0 or more, got " + chunkCount);
    chunks = List.copyOf(chunks);
  }

  /** The text of the chunks held here, joined. */
  public String text() {
    return String.join("", chunks);
  }
}
