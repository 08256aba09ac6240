package org.personacollab.generation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Who may start a generation is what session-service says now, not what the token says: roles
 * change, participants are removed and sessions close after a token is issued.
 */
class SessionAccessClientTest {
  private static final String SESSION = "k3v9x2m7qa";
  private DisposableServer server;
  private final AtomicReference<String> authorization = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) server.disposeNow();
  }

  private SessionAccessClient answering(int status, String body) {
    server =
        HttpServer.create()
            .port(0)
            .route(routes -> routes.get("/api/sessions/" + SESSION, (request, response) -> {
              authorization.set(request.requestHeaders().get("Authorization"));
              return response.status(status).header("Content-Type", "application/json").sendString(Mono.just(body)).then();
            }))
            .bindNow();
    URI url = URI.create("http://localhost:" + server.port());
    return new SessionAccessClient(WebClient.builder(), new PersonaProperties.Services(url, url, url, Duration.ofSeconds(5)));
  }

  private static String session(String status, String bobsRole) {
    return "{\"id\":\"" + SESSION + "\",\"status\":\"" + status + "\",\"participants\":["
        + "{\"user_id\":\"dev:alice\",\"role\":\"facilitator\"},{\"user_id\":\"dev:bob\",\"role\":\"" + bobsRole + "\"}]}";
  }

  private static ErrorCode refusal(SessionAccessClient client) {
    try {
      client.requireEditor(SESSION, "dev:bob", "bobs.token").block();
    } catch (ApiException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void requireEditor_editorNow_allowed() {
    SessionAccessClient client = answering(200, session("active", "editor"));
    client.requireEditor(SESSION, "dev:bob", "bobs.token").block();
    assertThat(authorization.get()).isEqualTo("Bearer bobs.token");
  }

  /** Regression: a participant made a viewer could still generate with the editor token he had. */
  @Test
  void requireEditor_demotedToViewer_forbidden() {
    assertThat(refusal(answering(200, session("active", "viewer")))).isEqualTo(ErrorCode.FORBIDDEN);
  }

  /** Regression: a generation could be started in a closed session. */
  @Test
  void requireEditor_closedSession_sessionClosed() {
    assertThat(refusal(answering(200, session("closed", "editor")))).isEqualTo(ErrorCode.SESSION_CLOSED);
  }

  /** Regression: a removed participant could still generate with his unexpired token. */
  @Test
  void requireEditor_removed_sessionServicesRefusalPassedOn() {
    SessionAccessClient client = answering(403, "{\"status\":403,\"code\":\"not_a_participant\",\"detail\":\"You are not a participant.\"}");
    assertThatThrownBy(() -> client.requireEditor(SESSION, "dev:bob", "bobs.token").block())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_PARTICIPANT);
          assertThat(e.getMessage()).isEqualTo("You are not a participant.");
        });
  }

  @Test
  void requireEditor_notListed_notAParticipant() {
    assertThat(refusal(answering(200, session("active", "editor").replace("dev:bob", "dev:someone")))).isEqualTo(ErrorCode.NOT_A_PARTICIPANT);
  }

  @Test
  void requireEditor_sessionServiceDown_unavailable() {
    SessionAccessClient client = answering(200, session("active", "editor"));
    server.disposeNow();
    assertThat(refusal(client)).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  /** Cancelling asks for the role as it is now: a facilitator may cancel anyone's generation. */
  @Test
  void role_isTheRoleHeldNow_viewersIncluded() {
    // Given the session's answer | When asked for | Then
    assertThat(answering(200, session("active", "viewer")).role(SESSION, "dev:bob", "t").block()).isEqualTo("viewer");
    server.disposeNow();
    assertThat(answering(200, session("active", "editor")).role(SESSION, "dev:alice", "t").block()).isEqualTo("facilitator");
  }

  @Test
  void role_closedSessionOrNotListed_refusedAsForRequireEditor() {
    SessionAccessClient closed = answering(200, session("closed", "editor"));
    assertThatThrownBy(() -> closed.role(SESSION, "dev:bob", "t").block())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_CLOSED));
    server.disposeNow();
    SessionAccessClient gone = answering(200, session("active", "editor"));
    assertThatThrownBy(() -> gone.role(SESSION, "dev:nobody", "t").block())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_PARTICIPANT));
  }
}
