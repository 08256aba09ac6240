package org.personacollab.generation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import reactor.core.publisher.Flux;

/** The behaviour every {@link GenerationStore} adapter must have; subclasses supply the adapter. */
public abstract class GenerationStoreContract {
  private static final AtomicInteger SESSIONS = new AtomicInteger();
  private GenerationStore store;
  private String session;

  /** A store whose state lives for {@code ttl} after the last write. */
  protected abstract GenerationStore newStore(Duration ttl);

  @BeforeEach
  void setUp() {
    store = newStore(Duration.ofMinutes(5));
    session = "sess-" + System.nanoTime() + "-" + SESSIONS.incrementAndGet();
  }

  @Test
  void runningSessions_listsAStartedSession_untilForgottenAfterItEnded() {
    store.start(session, "g1", "offline", "alice", 1L).block();

    assertThat(store.runningSessions().collectList().block()).contains(session);
    store.forget(session).block(); // still running: stays listed
    assertThat(store.runningSessions().collectList().block()).contains(session);

    store.transition(session, "g1", GenerationStatus.RUNNING, GenerationStatus.FAILED).block();
    store.forget(session).block();
    assertThat(store.runningSessions().collectList().block()).doesNotContain(session);
  }

  @Test
  void forget_aSessionWithNoGeneration_removesIt() {
    store.forget(session).block();

    assertThat(store.runningSessions().collectList().block()).doesNotContain(session);
  }

  @Test
  void read_noGeneration_isEmpty() {
    assertThat(store.read(session, 0).blockOptional()).isEmpty();
  }

  @Test
  void start_thenRead_isRunningWithNoChunks() {
    store.start(session, "g1", "offline", "alice", 1_700_000_000_000L).block();

    assertThat(store.read(session, 0).block())
        .isEqualTo(new GenerationSnapshot("g1", GenerationStatus.RUNNING, "offline", "alice", 1_700_000_000_000L, 0, 0, List.of()));
  }

  @Test
  void append_numbersChunksFromZeroWithoutGap_andReadsThemBackInOrder() {
    store.start(session, "g1", "offline", "alice", 1L).block();

    List<Long> indexes =
        Flux.just("{\"na", "me\":", " \"Zoë 🙂\"}").concatMap(c -> store.append(session, "g1", c)).collectList().block();

    assertThat(indexes).containsExactly(0L, 1L, 2L);
    GenerationSnapshot all = store.read(session, 0).block();
    assertThat(all.chunks()).containsExactly("{\"na", "me\":", " \"Zoë 🙂\"}");
    assertThat(all.text()).isEqualTo("{\"name\": \"Zoë 🙂\"}");
    assertThat(all.chunkCount()).isEqualTo(3);
  }

  @Test
  void read_fromAnIndex_givesTheTailOnly_andNothingPastTheEnd() {
    store.start(session, "g1", "offline", "alice", 1L).block();
    for (String c : List.of("a", "b", "c", "d")) store.append(session, "g1", c).block();

    GenerationSnapshot tail = store.read(session, 2).block();
    GenerationSnapshot past = store.read(session, 9).block();

    assertThat(tail.from()).isEqualTo(2);
    assertThat(tail.chunks()).containsExactly("c", "d");
    assertThat(tail.chunkCount()).isEqualTo(4);
    assertThat(past.chunks()).isEmpty();
    assertThat(past.chunkCount()).isEqualTo(4);
  }

  @Test
  void append_otherGenerationId_storesNothing() {
    store.start(session, "g1", "offline", "alice", 1L).block();

    assertThat(store.append(session, "g0", "late chunk of an older run").blockOptional()).isEmpty();
    assertThat(store.read(session, 0).block().chunkCount()).isZero();
  }

  @Test
  void append_afterCancel_storesNothing() {
    store.start(session, "g1", "offline", "alice", 1L).block();
    store.append(session, "g1", "a").block();

    GenerationStatus had = store.transition(session, "g1", GenerationStatus.RUNNING, GenerationStatus.CANCELLED).block();

    assertThat(had).isEqualTo(GenerationStatus.RUNNING);
    assertThat(store.append(session, "g1", "b").blockOptional()).isEmpty();
    GenerationSnapshot now = store.read(session, 0).block();
    assertThat(now.status()).isEqualTo(GenerationStatus.CANCELLED);
    assertThat(now.chunks()).containsExactly("a");
  }

  @Test
  void transition_isCompareAndSet() {
    store.start(session, "g1", "offline", "alice", 1L).block();

    // Given | When | Then: the status it had, and the status after
    assertThat(store.transition(session, "g1", GenerationStatus.RUNNING, GenerationStatus.COMPLETED).block())
        .isEqualTo(GenerationStatus.RUNNING);
    assertThat(store.transition(session, "g1", GenerationStatus.RUNNING, GenerationStatus.CANCELLED).block())
        .as("a second finisher loses").isEqualTo(GenerationStatus.COMPLETED);
    assertThat(store.read(session, 0).block().status()).isEqualTo(GenerationStatus.COMPLETED);
    assertThat(store.transition(session, "g1", GenerationStatus.COMPLETED, GenerationStatus.FAILED).block())
        .as("completed, then the submit failed").isEqualTo(GenerationStatus.COMPLETED);
    assertThat(store.read(session, 0).block().status()).isEqualTo(GenerationStatus.FAILED);
  }

  @Test
  void transition_unknownGeneration_isEmpty() {
    assertThat(store.transition(session, "g1", GenerationStatus.RUNNING, GenerationStatus.CANCELLED).blockOptional()).isEmpty();
    store.start(session, "g1", "offline", "alice", 1L).block();
    assertThat(store.transition(session, "nope", GenerationStatus.RUNNING, GenerationStatus.CANCELLED).blockOptional()).isEmpty();
  }

  @Test
  void start_replacesTheEarlierGenerationAndItsChunks() {
    store.start(session, "g1", "offline", "alice", 1L).block();
    store.append(session, "g1", "old").block();
    store.transition(session, "g1", GenerationStatus.RUNNING, GenerationStatus.COMPLETED).block();

    store.start(session, "g2", "offline", "bob", 2L).block();

    GenerationSnapshot now = store.read(session, 0).block();
    assertThat(now.generationId()).isEqualTo("g2");
    assertThat(now.startedBy()).isEqualTo("bob");
    assertThat(now.chunks()).isEmpty();
    assertThat(store.append(session, "g2", "new").block()).isZero();
  }

  @Test
  void sessions_areSeparate() {
    store.start(session, "g1", "offline", "alice", 1L).block();
    store.append(session, "g1", "a").block();

    assertThat(store.read(session + "-other", 0).blockOptional()).isEmpty();
  }

  @Test
  void state_expiresAfterTheTtl_sinceTheLastWrite() throws InterruptedException {
    GenerationStore shortLived = newStore(Duration.ofMillis(300));
    shortLived.start(session, "g1", "offline", "alice", 1L).block();
    Thread.sleep(200);
    shortLived.append(session, "g1", "a").block(); // refreshes the TTL
    Thread.sleep(200);
    assertThat(shortLived.read(session, 0).blockOptional()).as("refreshed by the append").isPresent();

    Thread.sleep(400);

    assertThat(shortLived.read(session, 0).blockOptional()).isEmpty();
    assertThat(shortLived.append(session, "g1", "b").blockOptional()).isEmpty();
  }
}
