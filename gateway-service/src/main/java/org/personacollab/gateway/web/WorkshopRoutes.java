package org.personacollab.gateway.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.kafka.EditPublisher;
import org.personacollab.gateway.redis.DocumentReader;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.web.ApiException;
import org.personacollab.platform.web.ProblemHandler;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.MessageType;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workshop over REST (docs/api/workshop.md): the same commands as the socket's workshop
 * frames, each queued for the sequencer and answered with its outcome.
 *
 * <ul>
 *   <li>{@code GET /api/sessions/{id}/workshop}: the state ({@code _workshop} of the read model).
 *   <li>{@code POST /api/sessions/{id}/proposals} (a {@code propose} frame's fields),
 *       {@code POST /api/sessions/{id}/votes} ({@code {"proposal":"p2"}}),
 *       {@code POST /api/sessions/{id}/votes/{vote}/close} ({@code {"winner":…}} optional),
 *       {@code PUT /api/sessions/{id}/floor} (a {@code turns} frame's fields),
 *       {@code POST /api/sessions/{id}/floor} (a {@code floor} frame's fields),
 *       {@code POST /api/sessions/{id}/locks}, {@code DELETE /api/sessions/{id}/locks} (a path).
 * </ul>
 *
 * Each command needs a session token of that session from a current participant (asked of
 * session-service, as for a socket, so the role is the current one, not the token's); it is
 * queued from its own {@code src} ({@code rest:<uuid>}, seq 1) and the answer waits for that
 * src's record on {@code persona.ops}: 200 with the version and the workshop state after it, or
 * the refusal as {@code application/problem+json} with its code; 503 {@code unavailable} when
 * no outcome arrives within {@code OUTCOME_TIMEOUT} (the command may still be sequenced: read the
 * state).
 */
@Configuration(proxyBeanMethods = false)
class WorkshopRoutes {
  static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(10);

  @Bean
  RouterFunction<ServerResponse> workshopRouter(
      ParticipantDirectory participants, EditPublisher edits, SessionHub hub, DocumentReader documents, WireCodec codec, Clock clock) {
    Handler h = new Handler(participants, edits, hub, documents, codec, clock);
    return RouterFunctions.route()
        .GET("/api/sessions/{id}/workshop", h::state)
        .POST("/api/sessions/{id}/proposals", r -> h.command(r, "propose", null))
        .POST("/api/sessions/{id}/votes/{vote}/close", r -> h.command(r, "close_vote", r.pathVariable("vote")))
        .POST("/api/sessions/{id}/votes", r -> h.command(r, "vote", null))
        .PUT("/api/sessions/{id}/floor", r -> h.command(r, "turns", null))
        .POST("/api/sessions/{id}/floor", r -> h.command(r, "floor", null))
        .POST("/api/sessions/{id}/locks", r -> h.command(r, "lock", null))
        .DELETE("/api/sessions/{id}/locks", r -> h.command(r, "unlock", null))
        .build();
  }

  record Handler(
      ParticipantDirectory participants, EditPublisher edits, SessionHub hub, DocumentReader documents, WireCodec codec, Clock clock) {

    Mono<ServerResponse> state(ServerRequest request) {
      String sessionId = request.pathVariable("id");
      return caller(request, sessionId, true)
          .flatMap(caller -> documents.read(sessionId))
          .flatMap(doc -> {
            ObjectNode body = codec.mapper().createObjectNode();
            body.put("version", doc.version());
            JsonNode workshop = doc.document().path("_workshop");
            body.set("workshop", workshop.isMissingNode() ? codec.mapper().createObjectNode() : workshop);
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString());
          })
          .onErrorResume(ApiException.class, e -> problem(e.code(), e.getMessage()));
    }

    Mono<ServerResponse> command(ServerRequest request, String type, String vote) {
      String sessionId = request.pathVariable("id");
      Mono<JsonNode> body = "unlock".equals(type) && request.queryParam("path").isPresent()
          ? Mono.just(codec.mapper().createObjectNode().put("path", request.queryParam("path").get()))
          : request.bodyToMono(String.class).defaultIfEmpty("{}").map(codec::readTree);
      return caller(request, sessionId, false)
          .zipWith(body)
          .flatMap(t -> {
            Caller caller = t.getT1();
            if (!(t.getT2() instanceof ObjectNode fields)) {
              return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "The body must be a JSON object."));
            }
            ObjectNode frameJson = fields.deepCopy();
            frameJson.put("type", type);
            if (vote != null) frameJson.put("vote", vote);
            ClientFrame frame;
            try {
              frame = codec.decodeClientFrame(frameJson.toString());
            } catch (ProtocolException e) {
              return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, e.getMessage()));
            }
            if (caller.role() == Identity.Role.VIEWER) {
              return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "Viewers cannot propose, vote, lock fields or hand the floor over."));
            }
            ObjectNode data = codec.mapper().valueToTree(frame);
            data.remove("type");
            java.util.List<String> empty = new java.util.ArrayList<>();
            for (var e : data.properties()) if (e.getValue().isNull()) empty.add(e.getKey());
            empty.forEach(data::remove);
            data.put("role", caller.role().wire());
            ObjectNode event = codec.mapper().createObjectNode();
            event.put("type", "workshop." + MessageType.of(frame).wireName());
            event.set("data", data);
            String src = "rest:" + UUID.randomUUID();
            EditRecord record = new EditRecord(sessionId, src, 1, caller.userId(), clock.millis(), null, null, null, null, event);
            Mono<OpsRecord> outcome = hub.outcomeOf(src).timeout(OUTCOME_TIMEOUT);
            return edits.publish(record)
                .onErrorMap(e -> !(e instanceof ApiException), e -> new ApiException(ErrorCode.UNAVAILABLE, "The command could not be queued; try again."))
                .doOnError(e -> hub.forget(src))
                .then(outcome);
          })
          .flatMap(this::answer)
          .onErrorResume(ApiException.class, e -> problem(e.code(), e.getMessage()))
          .onErrorResume(java.util.concurrent.TimeoutException.class, e -> problem(ErrorCode.UNAVAILABLE,
              "No outcome within " + OUTCOME_TIMEOUT.toSeconds() + " s; the command may still be applied: read GET /api/sessions/"
                  + sessionId + "/workshop."));
    }

    private Mono<ServerResponse> answer(OpsRecord record) {
      if (record instanceof OpsRecord.Rejected rejected) {
        return problem(ErrorCode.fromCode(rejected.code()).orElse(ErrorCode.INVALID_OP), rejected.message());
      }
      if (!(record instanceof OpsRecord.Sequenced op)) return problem(ErrorCode.INTERNAL, "The command was answered as a duplicate.");
      ObjectNode body = codec.mapper().createObjectNode();
      body.put("version", op.v() + 1);
      // The sequencer's op replaces _workshop whole as its first component: its oi is the state after it.
      body.set("workshop", op.op().path(0).path("oi"));
      return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString());
    }

    /** The caller: a current participant of the session, with their role now. */
    private Mono<Caller> caller(ServerRequest request, String sessionId, boolean closedAllowed) {
      String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
      String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
      return ReactiveSecurityContextHolder.getContext()
          .map(SecurityContext::getAuthentication)
          .map(Authentication::getName)
          .defaultIfEmpty("")
          .flatMap(userId -> {
            if (userId.isEmpty() || token.isEmpty()) return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, "Sign in first."));
            return participants.lookup(new Identity(userId, userId, sessionId, Identity.Role.VIEWER, Instant.MAX, token))
                .flatMap(status -> {
                  if (status instanceof ParticipantDirectory.Status.Participant p) return Mono.just(new Caller(userId, p.role()));
                  var refused = (ParticipantDirectory.Status.Refused) status;
                  if (closedAllowed && refused.code() == ErrorCode.SESSION_CLOSED) return Mono.just(new Caller(userId, Identity.Role.VIEWER));
                  return Mono.error(new ApiException(refused.code(), refused.message()));
                });
          });
    }

    private static Mono<ServerResponse> problem(ErrorCode code, String message) {
      return ServerResponse.status(code.httpStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyValue(ProblemHandler.problem(code, message));
    }
  }

  record Caller(String userId, Identity.Role role) {}
}
