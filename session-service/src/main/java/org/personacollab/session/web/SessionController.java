package org.personacollab.session.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.session.domain.Session;
import org.personacollab.session.domain.SessionIds;
import org.personacollab.session.domain.SessionStatus;
import org.personacollab.session.domain.SessionStore;
import org.personacollab.session.domain.SessionStore.CreateOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * {@code /api/sessions}: create, list and read sessions.
 *
 * <ul>
 *   <li>{@code POST /api/sessions {"name":"..."}} → 201 with the session and a {@code Location};
 *       400 {@code validation_failed}; 409 {@code session_limit_reached}.
 *   <li>{@code GET /api/sessions?offset=0&limit=50} → 200 {@link SessionPage}, newest first.
 *   <li>{@code GET /api/sessions/{id}} → 200 with the session; 404 {@code session_not_found}.
 * </ul>
 */
@RestController
@RequestMapping("/api/sessions")
public class SessionController {
  private static final Logger log = LoggerFactory.getLogger(SessionController.class);
  static final int MAX_PAGE = 100;

  private final SessionStore store;
  private final CollaborationProperties collaboration;
  private final Clock clock;

  public SessionController(SessionStore store, CollaborationProperties collaboration, Clock clock) {
    this.store = store;
    this.collaboration = collaboration;
    this.clock = clock;
  }

  @PostMapping
  public Mono<ResponseEntity<Session>> create(
      @Valid @RequestBody CreateSessionRequest request,
      @RequestHeader(name = "X-Persona-User", required = false) String user) {
    int max = collaboration.server().maxSessions();
    return Mono.defer(
            () -> {
              Session session =
                  new Session(SessionIds.next(), request.name().strip(), clock.instant(), user, SessionStatus.ACTIVE);
              return store.create(session, max).flatMap(outcome -> outcome(outcome, session, max));
            })
        .retryWhen(Retry.max(3).filter(IdTaken.class::isInstance))
        .doOnNext(
            s -> {
              MDC.put(SessionLogContext.KEY, s.id());
              try {
                log.info("Created session \"{}\"", s.name());
              } finally {
                MDC.remove(SessionLogContext.KEY);
              }
            })
        .map(s -> ResponseEntity.created(URI.create("/api/sessions/" + s.id())).body(s));
  }

  private static Mono<Session> outcome(CreateOutcome outcome, Session session, int max) {
    return switch (outcome) {
      case CREATED -> Mono.just(session);
      case ID_TAKEN -> Mono.error(new IdTaken());
      case LIMIT_REACHED ->
          Mono.error(
              new ApiException(
                  ErrorCode.SESSION_LIMIT_REACHED,
                  "This server already has " + max
                      + " active sessions (collaboration.server.max_sessions); close one first."));
    };
  }

  @GetMapping
  public Mono<SessionPage> list(
      @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
    if (offset < 0) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "offset: must be 0 or more"));
    }
    if (limit < 1 || limit > MAX_PAGE) {
      return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "limit: must be between 1 and " + MAX_PAGE));
    }
    return store
        .listActive(offset, limit)
        .collectList()
        .zipWith(store.countActive())
        .map(t -> new SessionPage(t.getT1(), t.getT2(), offset, limit));
  }

  @GetMapping("/{id}")
  public Mono<Session> get(@PathVariable String id) {
    Mono<Session> found = SessionIds.isValid(id) ? store.find(id) : Mono.empty();
    return found
        .switchIfEmpty(
            Mono.error(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND, "There is no session with id " + id + ".")))
        .contextWrite(SessionLogContext.of(id));
  }

  /** A random id collided with an existing one; retried with a new id. */
  private static final class IdTaken extends RuntimeException {
    IdTaken() {
      super(null, null, false, false);
    }
  }
}
