package org.personacollab.gateway.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The {@link GenerationFeed}s of the sessions with sockets on this gateway: a feed exists while its
 * session has a socket here, and its reads go to the session's generation state in Redis (retried
 * a few times, each within {@code readTimeout}).
 */
public final class GenerationFeeds {
  /** Reads a session's current generation with its chunks from an index; empty if it has none. */
  @FunctionalInterface
  public interface States {
    Mono<GenerationSnapshot> read(String sessionId, long from);
  }

  private final Map<String, GenerationFeed> bySession = new ConcurrentHashMap<>();
  private final WireCodec codec;
  private final States states;
  private final Duration readTimeout;

  public GenerationFeeds(WireCodec codec, States states, Duration readTimeout) {
    this.codec = codec;
    this.states = states;
    this.readTimeout = readTimeout;
  }

  /** A socket that has had its welcome: from now on it gets the session's generation frames. */
  public void join(Connection connection) {
    bySession.compute(connection.sessionId(), (id, feed) -> {
      GenerationFeed f = feed == null ? new GenerationFeed(id, codec, this::read) : feed;
      f.join(connection);
      return f;
    });
  }

  /** A socket that closed. */
  public void leave(Connection connection) {
    bySession.computeIfPresent(connection.sessionId(), (id, feed) -> feed.leave(connection) ? null : feed);
  }

  /** A generation frame from a session's channel; ignored if the session has no socket here. */
  public void onFrame(String sessionId, ServerFrame frame) {
    GenerationFeed feed = bySession.get(sessionId);
    if (feed != null) feed.onFrame(frame);
  }

  /** The generation running in a session as this gateway knows it; null if none or unknown. */
  public @Nullable String current(String sessionId) {
    GenerationFeed feed = bySession.get(sessionId);
    return feed == null ? null : feed.currentGenerationId();
  }

  /** The number of sessions with a feed (for tests and metrics). */
  public int size() {
    return bySession.size();
  }

  private void read(GenerationFeed feed, long from) {
    Mono.defer(() -> states.read(feed.sessionId(), from))
        .timeout(readTimeout)
        .retryWhen(Retry.backoff(3, Duration.ofMillis(50)))
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .subscribe(s -> feed.onRead(from, s.orElse(null)), e -> feed.onReadFailed(from, e));
  }
}
