package org.personacollab.platform.generation;

/**
 * The one Redis script by which a streamed chunk is stored and announced: it checks that the
 * generation is the session's current one and still running, pushes the chunk onto the
 * generation's chunk list, refreshes the TTL of both keys and publishes the chunk's
 * {@code generation_chunk} frame, numbered with the index the push gave, on the session's channel.
 * One round trip per chunk, and no frame for a chunk that was not stored. Plain Java (no Redis
 * client here) so that generation-service and the chunk fan-out benchmark run the same text.
 *
 * <p>Keys: the generation's state hash, its chunk list, the session's channel. Arguments: the
 * generation id, the chunk, the TTL in milliseconds, then the frame before and after its index
 * ({@link #cut}). Returns the chunk's index, or -1 when nothing was stored.
 */
public final class ChunkScript {
  public static final String LUA =
      """
      local s = redis.call('HMGET', KEYS[1], 'id', 'status')
      if s[1] ~= ARGV[1] or s[2] ~= 'running' then return -1 end
      local n = redis.call('RPUSH', KEYS[2], ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      redis.call('PEXPIRE', KEYS[2], ARGV[3])
      redis.call('PUBLISH', KEYS[3], ARGV[4] .. string.format('%d', n - 1) .. ARGV[5])
      return n - 1
      """;

  /**
   * The index a frame is encoded with before {@link #cut} splits it there. It cannot occur
   * unescaped inside a frame's strings (their quotes are escaped), so the first match is the index
   * field itself.
   */
  public static final long INDEX_MARK = Long.MIN_VALUE;

  private static final String FIELD = "\"index\":" + INDEX_MARK;

  /** A frame without its index: the script puts the index between the two. */
  public record Cut(String before, String after) {}

  /** Splits {@code frame}, a {@code generation_chunk} encoded with index {@link #INDEX_MARK}. */
  public static Cut cut(String frame) {
    int at = frame.indexOf(FIELD);
    if (at < 0) throw new IllegalArgumentException("not a generation_chunk frame with index " + INDEX_MARK + ": " + frame);
    int value = at + "\"index\":".length();
    return new Cut(frame.substring(0, value), frame.substring(at + FIELD.length()));
  }

  private ChunkScript() {}
}
