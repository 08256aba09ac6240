package org.personacollab.generation.domain;

import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.protocol.frame.GenerationChunk;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The state of each session's current generation, shared by every instance of the service and
 * read by the gateways: id, status, provider, who started it and when, and the chunks streamed so
 * far, in order, so that the text so far can be read back (a late joiner, a refilled gap). Kept
 * for a TTL after the last write. Adapters: {@code InMemoryGenerationStore} (tests, one instance)
 * and {@code RedisGenerationStore}.
 *
 * <p>A chunk is appended here <em>before</em> it is published, so any chunk a receiver could have
 * seen (or missed) can be read back by its index. Appends are fenced by the status: once a
 * generation is cancelled, no chunk of it is stored, so none is published.
 */
public interface GenerationStore {
  /**
   * Makes {@code generationId} the session's current generation: running, no chunks. Replaces
   * whatever generation the session had (the session's generation lock guarantees that one ended).
   */
  Mono<Void> start(String sessionId, String generationId, String provider, String startedBy, long startedAt);

  /**
   * Appends the next chunk of {@code generationId} and emits its index (0, 1, 2, … with no gap);
   * empty, storing nothing, if it is not the session's current generation or no longer running.
   */
  Mono<Long> append(String sessionId, String generationId, String content);

  /**
   * Appends the next chunk as {@link #append} does, then publishes its {@code generation_chunk}
   * frame through {@code events}; emits the index. Empty, storing and publishing nothing, where
   * {@link #append} would be empty. The chunk is always stored before its frame is published. This
   * default takes two steps; a store that can take both in one (Redis: one script, one round trip,
   * when {@code events} publishes on the same Redis) overrides it.
   */
  default Mono<Long> appendAndPublish(String sessionId, String generationId, String content, SessionEvents events) {
    return append(sessionId, generationId, content)
        .flatMap(index -> events.publish(sessionId, new GenerationChunk(generationId, index, content)).thenReturn(index));
  }

  /**
   * Moves {@code generationId} from {@code expected} to {@code next} (compare-and-set); emits the
   * status it had: {@code expected} when this call changed it, something else when it did not.
   * Empty if it is not the session's current generation (unknown, replaced, or expired).
   */
  Mono<GenerationStatus> transition(String sessionId, String generationId, GenerationStatus expected, GenerationStatus next);

  /** The session's current generation with its chunks from index {@code from}; empty if none. */
  Mono<GenerationSnapshot> read(String sessionId, long from);

  /**
   * The sessions whose current generation may still be running: every session {@link #start}ed
   * and not {@link #forget}ten since. A superset (a generation that ended or expired stays listed
   * until forgotten), so that a generation whose instance died is never missed.
   */
  Flux<String> runningSessions();

  /**
   * Removes the session from {@link #runningSessions()} unless its current generation is running
   * (checked in the same step, so a generation started meanwhile stays listed).
   */
  Mono<Void> forget(String sessionId);
}
