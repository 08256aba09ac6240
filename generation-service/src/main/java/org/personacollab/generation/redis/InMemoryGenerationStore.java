package org.personacollab.generation.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A {@link GenerationStore} in this JVM's memory, for tests and a single instance; same TTL rule as Redis. */
public final class InMemoryGenerationStore implements GenerationStore {
  private final Map<String, Entry> bySession = new ConcurrentHashMap<>();
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Clock clock;
  private final Duration ttl;

  public InMemoryGenerationStore(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  private static final class Entry {
    final String id, provider, startedBy;
    final long startedAt;
    GenerationStatus status = GenerationStatus.RUNNING;
    final List<String> chunks = new ArrayList<>();
    long expiresAt;

    Entry(String id, String provider, String startedBy, long startedAt) {
      this.id = id;
      this.provider = provider;
      this.startedBy = startedBy;
      this.startedAt = startedAt;
    }
  }

  private Entry live(String sessionId) {
    Entry e = bySession.get(sessionId);
    if (e != null && e.expiresAt <= clock.millis()) {
      bySession.remove(sessionId, e);
      return null;
    }
    return e;
  }

  @Override
  public Mono<Void> start(String sessionId, String generationId, String provider, String startedBy, long startedAt) {
    return Mono.fromRunnable(() -> {
      Entry e = new Entry(generationId, provider, startedBy, startedAt);
      e.expiresAt = clock.millis() + ttl.toMillis();
      bySession.put(sessionId, e);
      started.add(sessionId);
    });
  }

  @Override
  public Mono<Long> append(String sessionId, String generationId, String content) {
    return Mono.fromCallable(() -> {
      Entry e = live(sessionId);
      if (e == null) return null;
      synchronized (e) {
        if (!e.id.equals(generationId) || e.status != GenerationStatus.RUNNING) return null;
        e.chunks.add(content);
        e.expiresAt = clock.millis() + ttl.toMillis();
        return (long) e.chunks.size() - 1;
      }
    });
  }

  @Override
  public Mono<GenerationStatus> transition(
      String sessionId, String generationId, GenerationStatus expected, GenerationStatus next) {
    return Mono.fromCallable(() -> {
      Entry e = live(sessionId);
      if (e == null || !e.id.equals(generationId)) return null;
      synchronized (e) {
        GenerationStatus had = e.status;
        if (had == expected) {
          e.status = next;
          e.expiresAt = clock.millis() + ttl.toMillis();
        }
        return had;
      }
    });
  }

  @Override
  public Flux<String> runningSessions() {
    return Flux.defer(() -> Flux.fromIterable(List.copyOf(started)));
  }

  @Override
  public Mono<Void> forget(String sessionId) {
    return Mono.fromRunnable(() -> {
      Entry e = live(sessionId);
      if (e == null) {
        started.remove(sessionId);
        return;
      }
      synchronized (e) {
        if (e.status != GenerationStatus.RUNNING) started.remove(sessionId);
      }
    });
  }

  @Override
  public Mono<GenerationSnapshot> read(String sessionId, long from) {
    if (from < 0) return Mono.error(new IllegalArgumentException("from must be 0 or more, got " + from));
    return Mono.fromCallable(() -> {
      Entry e = live(sessionId);
      if (e == null) return null;
      synchronized (e) {
        int n = e.chunks.size();
        List<String> tail = from >= n ? List.of() : List.copyOf(e.chunks.subList((int) from, n));
        return new GenerationSnapshot(e.id, e.status, e.provider, e.startedBy, e.startedAt, n, from, tail);
      }
    });
  }
}
