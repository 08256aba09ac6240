package org.personacollab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.protocol.ErrorCode;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** What session-service's answer about a session token's holder means for a socket. */
class ParticipantDirectoryTest {
  private DisposableServer server;
  private final AtomicReference<String> path = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) server.disposeNow();
  }

  /** A session-service that answers every request with {@code status} and {@code body}. */
  private ParticipantDirectory answering(int status, String body) {
    server =
        HttpServer.create()
            .port(0)
            .handle((request, response) -> {
              path.set(request.uri());
              authorization.set(request.requestHeaders().get("Authorization"));
              return response.status(status).header("Content-Type", status == 200 ? "application/json" : "application/problem+json")
                  .sendString(Mono.just(body)).then();
            })
            .bindNow();
    URI url = URI.create("http://localhost:" + server.port());
    return new ParticipantDirectory(WebClient.builder(), new PersonaProperties.Services(url, url, url, Duration.ofSeconds(5)));
  }

  private static Identity bob(Identity.Role roleInToken) {
    return new Identity("dev:bob", "bob", "k3v9x2m7qa", roleInToken, Instant.now().plusSeconds(60), "bobs.session.token");
  }

  @Test
  void lookup_activeParticipant_roleTheSessionHoldsNow_notTheTokens() {
    ParticipantDirectory directory = answering(200, """
        {"id":"k3v9x2m7qa","status":"active","participants":[
          {"user_id":"dev:alice","role":"facilitator","status":"active"},
          {"user_id":"dev:bob","role":"viewer","status":"active"}]}""");

    assertThat(directory.lookup(bob(Identity.Role.EDITOR)).block())
        .isEqualTo(new ParticipantDirectory.Status.Participant(Identity.Role.VIEWER));
    assertThat(path.get()).isEqualTo("/api/sessions/k3v9x2m7qa");
    assertThat(authorization.get()).isEqualTo("Bearer bobs.session.token");
  }

  /** Regression: a socket could be opened to a closed session, whose participants can still read it. */
  @Test
  void lookup_closedSession_refusedSessionClosed() {
    ParticipantDirectory directory = answering(200, """
        {"id":"k3v9x2m7qa","status":"closed","close_reason":"closed","participants":[
          {"user_id":"dev:bob","role":"editor","status":"active"}]}""");

    assertThat(directory.lookup(bob(Identity.Role.EDITOR)).block())
        .isInstanceOfSatisfying(ParticipantDirectory.Status.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.SESSION_CLOSED));
  }

  @Test
  void lookup_removedParticipant_refusedWithSessionServicesCode() {
    ParticipantDirectory directory = answering(403, """
        {"status":403,"code":"not_a_participant","detail":"You are not (or no longer) a participant of session k3v9x2m7qa."}""");

    assertThat(directory.lookup(bob(Identity.Role.EDITOR)).block())
        .isEqualTo(new ParticipantDirectory.Status.Refused(ErrorCode.NOT_A_PARTICIPANT,
            "You are not (or no longer) a participant of session k3v9x2m7qa."));
  }
}
