package org.personacollab.platform.redis;

import org.jspecify.annotations.Nullable;

/**
 * Every Redis key and channel of a deployment, under one prefix ({@code persona:} by default).
 * Services add their own suffixes through {@link #key(String...)} so that naming stays in one
 * style: {@code persona:session:abc123}, {@code persona:doc:abc123}.
 */
public record RedisKeys(String prefix) {
  /** Joins parts with {@code :} after the prefix. */
  public String key(String... parts) {
    return prefix + String.join(":", parts);
  }

  /** The pub/sub channel of a session's live events (generation chunks, later presence). */
  public String sessionEvents(String sessionId) {
    return key("session", sessionId, "events");
  }

  /** The pattern that matches every session's event channel. */
  public String sessionEventsPattern() {
    return key("session", "*", "events");
  }

  /** The session id of a channel produced by {@link #sessionEvents(String)}, or null. */
  public @Nullable String sessionIdOfEventsChannel(String channel) {
    String head = key("session", "");
    String tail = ":events";
    if (!channel.startsWith(head) || !channel.endsWith(tail) || channel.length() <= head.length() + tail.length()) {
      return null;
    }
    return channel.substring(head.length(), channel.length() - tail.length());
  }

  /** The hash of a session's current generation (id, status, provider, …): {@code persona:generation:abc123:state}. */
  public String generationState(String sessionId) {
    return key("generation", sessionId, "state");
  }

  /** The list of the current generation's chunks, in index order. */
  public String generationChunks(String sessionId) {
    return key("generation", sessionId, "chunks");
  }

  /**
   * The channel on which generation-service instances tell each other to stop a generation (the
   * message is its id): the instance running it disposes the provider stream.
   */
  public String generationControl() {
    return key("generation", "control");
  }

  /** The cached document (snapshot and version) of a session, written by the sequencer. */
  public String document(String sessionId) {
    return key("doc", sessionId);
  }

  /** The sequenced ops of a session (sorted set scored by version). */
  public String ops(String sessionId) {
    return key("ops", sessionId);
  }
}
