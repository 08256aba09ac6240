package org.personacollab.session.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Closes every session that nobody used for {@code collaboration.session.timeout_minutes}: every
 * {@code persona.sessions.sweep-interval} it asks the store for sessions whose last activity is at
 * least that long ago and closes each for {@code timeout}, which tells its sockets why
 * ({@code session_closed}, reason {@code timeout}) and writes {@code session.closed} to the audit
 * log. A session that became busy between the query and the close is left open (the close checks
 * again, atomically).
 *
 * <h2>What counts as activity</h2>
 * The latest of: the session's creation; a join, leave, removal or role change (session-service
 * records these itself); and the <b>activity marks of the gateways</b>. The contract with the
 * gateways:
 *
 * <ul>
 *   <li>The marks live in the Redis sorted set {@code <prefix>sessions:activity}
 *       ({@code persona:sessions:activity} by default): member = session id, score = the time of
 *       the last edit in epoch milliseconds.
 *   <li>A gateway that sequences or forwards edits of a session runs
 *       {@code ZADD <prefix>sessions:activity <epochMillis> <sessionId>} for it <em>at most every
 *       10 seconds</em> while edits happen (so the mark is at most 10 s old; the timeout is
 *       minutes). It never needs to remove a mark: session-service deletes the mark when it closes
 *       the session, and drops marks a gateway wrote for a session that is already closed.
 *   <li>A mark is only ever a lower bound for the session's idle time: session-service reads the
 *       highest of its own and the gateway's score.
 * </ul>
 *
 * <p>Several instances of session-service may sweep at once: a session is closed by one of them,
 * and only one writes the event.
 */
public final class IdleSessionSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdleSessionSweeper.class);
  /** Sessions closed per sweep at most; the rest wait for the next one. */
  static final int BATCH = 500;

  private final SessionStore store;
  private final SessionService sessions;
  private final Clock clock;
  private final Duration timeout;
  private final Duration interval;
  private final Scheduler scheduler;
  private volatile Disposable task = () -> {};

  /**
   * @param timeout how long without activity closes a session
   * @param interval how often to look
   * @param scheduler runs the timer (a virtual-time scheduler in tests)
   */
  public IdleSessionSweeper(
      SessionStore store, SessionService sessions, Clock clock, Duration timeout, Duration interval, Scheduler scheduler) {
    if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("sweep interval must be positive: " + interval);
    this.store = store;
    this.sessions = sessions;
    this.clock = clock;
    this.timeout = timeout;
    this.interval = interval;
    this.scheduler = scheduler;
  }

  /** Starts sweeping every interval (the first sweep one interval from now). */
  public void start() {
    task =
        Flux.interval(interval, interval, scheduler)
            .onBackpressureDrop()
            .concatMap(tick -> sweep().onErrorResume(e -> {
              log.warn("Idle session sweep failed; trying again in {}: {}", interval, e.toString());
              return Mono.empty();
            }))
            .subscribe();
  }

  /**
   * Closes the sessions idle now.
   *
   * @return the ids of the sessions this sweep closed (empty if none); an error if the store
   *     could not be read
   */
  public Mono<List<String>> sweep() {
    return Mono.defer(() -> {
      Instant cutoff = clock.instant().minus(timeout);
      return store.idleSessions(cutoff, BATCH)
          .concatMap(id -> sessions.closeIdle(id, cutoff).filter(Boolean::booleanValue).map(closed -> id)
              .onErrorResume(e -> {
                log.warn("Could not close idle session {}: {}", id, e.toString());
                return Mono.empty();
              }))
          .collectList();
    });
  }

  @Override
  public void close() {
    task.dispose();
  }
}
