package org.personacollab.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.session.auth.JwtTokens;
import org.personacollab.session.auth.SigningKey;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The sweep runs on its own every interval (virtual time here) and closes only idle sessions. */
class IdleSessionSweeperTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T09:00:00Z"));
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final List<ServerFrame> told = new CopyOnWriteArrayList<>();
  private final SessionService service = new SessionService(
      store, new InMemoryInviteStore(clock),
      new JwtTokens(SigningKey.generate(), "persona-collab", Duration.ofHours(1), Duration.ofHours(1), clock),
      entries -> Mono.empty(), (id, frame) -> Mono.fromRunnable(() -> told.add(frame)),
      new SessionService.Limits(10, 10, Duration.ofMinutes(10), Duration.ofDays(1)), clock);
  private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
  private final IdleSessionSweeper sweeper =
      new IdleSessionSweeper(store, service, clock, Duration.ofMinutes(10), Duration.ofSeconds(30), scheduler);

  @AfterEach
  void stop() {
    sweeper.close();
    scheduler.dispose();
  }

  /** Moves both the wall clock the service reads and the scheduler's time. */
  private void elapse(Duration d) {
    clock.advance(d);
    scheduler.advanceTimeBy(d);
  }

  private String create(String name) {
    return service.create(Caller.user("dev:" + name, name, clock.instant().plus(Duration.ofHours(1))), name, null, null)
        .block().session().id();
  }

  @Test
  void start_sweepsEveryInterval_closingIdleSessionsOnly() {
    String quiet = create("quiet");
    String busy = create("busy");
    sweeper.start();

    elapse(Duration.ofMinutes(9));
    store.markActivity(busy, clock.instant()).block();
    assertThat(store.find(quiet).block().isActive()).isTrue();

    elapse(Duration.ofMinutes(1)); // quiet: 10 min idle; a sweep runs at this tick
    assertThat(store.find(quiet).block().status()).isEqualTo(SessionStatus.CLOSED);
    assertThat(store.find(quiet).block().closeReason()).isEqualTo("timeout");
    assertThat(store.find(busy).block().isActive()).isTrue();
    assertThat(told).containsExactly(new SessionClosed("timeout", "The session was closed after 10 minutes without activity.", clock.millis()));

    elapse(Duration.ofMinutes(8));
    assertThat(store.find(busy).block().isActive()).as("9 min after its mark").isTrue();
    elapse(Duration.ofSeconds(30));
    assertThat(store.find(busy).block().isActive()).isTrue();
    elapse(Duration.ofSeconds(30));
    assertThat(store.find(busy).block().status()).isEqualTo(SessionStatus.CLOSED);
  }

  @Test
  void sweep_storeFailure_nextTickTriesAgain() {
    var failing = new SessionStore() {
      int calls;

      @Override public Mono<CreateOutcome> create(Session s, Participant f, int m) { return store.create(s, f, m); }
      @Override public Mono<Session> find(String id) { return store.find(id); }
      @Override public reactor.core.publisher.Flux<Session> listActive(int o, int l) { return store.listActive(o, l); }
      @Override public Mono<Long> countActive() { return store.countActive(); }
      @Override public Mono<Page> listActiveFor(String u, int o, int l) { return store.listActiveFor(u, o, l); }
      @Override public reactor.core.publisher.Flux<Participant> participants(String id) { return store.participants(id); }
      @Override public Mono<Participant> participant(String id, String u) { return store.participant(id, u); }
      @Override public Mono<JoinResult> join(String id, Participant c, JoinMode m, int max, Instant now) { return store.join(id, c, m, max, now); }
      @Override public Mono<ChangeResult> leave(String id, String u, Instant now) { return store.leave(id, u, now); }
      @Override public Mono<ChangeResult> remove(String id, String u, Instant now) { return store.remove(id, u, now); }
      @Override public Mono<ChangeResult> changeRole(String id, String u, Role r, Instant now) { return store.changeRole(id, u, r, now); }
      @Override public Mono<CloseOutcome> close(Session c, Instant cutoff) { return store.close(c, cutoff); }
      @Override public Mono<Void> markActivity(String id, Instant at) { return store.markActivity(id, at); }

      @Override
      public reactor.core.publisher.Flux<String> idleSessions(Instant cutoff, int max) {
        return ++calls == 1 ? reactor.core.publisher.Flux.error(new IllegalStateException("redis down")) : store.idleSessions(cutoff, max);
      }
    };
    String quiet = create("quiet");
    IdleSessionSweeper retrying = new IdleSessionSweeper(failing, service, clock, Duration.ofMinutes(10), Duration.ofSeconds(30), scheduler);
    clock.advance(Duration.ofMinutes(11));
    retrying.start();

    scheduler.advanceTimeBy(Duration.ofSeconds(30));
    assertThat(store.find(quiet).block().isActive()).as("first sweep failed").isTrue();
    scheduler.advanceTimeBy(Duration.ofSeconds(30));
    assertThat(store.find(quiet).block().isActive()).as("second sweep worked").isFalse();
    retrying.close();
  }
}
