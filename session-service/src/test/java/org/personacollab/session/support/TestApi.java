package org.personacollab.session.support;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The REST calls tests make again and again, over a real socket. */
@SuppressWarnings("unchecked")
public final class TestApi {
  private final WebTestClient web;

  public TestApi(WebTestClient web) {
    this.web = web;
  }

  public WebTestClient web() {
    return web;
  }

  /** A user token for {@code name} from the development login. */
  public String login(String name) {
    Map<String, Object> body = web.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", name)).exchange()
        .expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    return (String) body.get("token");
  }

  /** Creates a session; answers the grant (session token, role, session). */
  public Grant create(String userToken, String name) {
    return create(userToken, Map.of("name", name));
  }

  public Grant create(String userToken, Map<String, ?> body) {
    Map<String, Object> grant = web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(userToken))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
        .expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
    return Grant.of(grant);
  }

  /** Creates an invite with the facilitator's session token; answers its JSON. */
  public Map<String, Object> invite(String sessionToken, String sessionId, String role, String expiresIn) {
    return web.post().uri("/api/sessions/{id}/invites", sessionId).headers(h -> h.setBearerAuth(sessionToken))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("role", role, "expires_in", expiresIn)).exchange()
        .expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  /** POST …/join with an invite (or none); the exchange, for the test to check. */
  public WebTestClient.ResponseSpec join(String userToken, String sessionId, String invite) {
    var request = web.post().uri("/api/sessions/{id}/join", sessionId).headers(h -> h.setBearerAuth(userToken));
    return invite == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("invite", invite)).exchange();
  }

  /** Joins with an invite, expecting success. */
  public Grant joinOk(String userToken, String sessionId, String invite) {
    Map<String, Object> grant = join(userToken, sessionId, invite).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    return Grant.of(grant);
  }

  /** Logs {@code name} in and joins with a new invite of {@code role} made by the facilitator. */
  public Grant invitedJoin(Grant facilitator, String name, String role) {
    Map<String, Object> invite = invite(facilitator.token(), facilitator.sessionId(), role, "PT1H");
    return joinOk(login(name), facilitator.sessionId(), (String) invite.get("token"));
  }

  /** The claims of a JWT, unverified. */
  public static JWTClaimsSet claims(String jwt) {
    try {
      return SignedJWT.parse(jwt).getJWTClaimsSet();
    } catch (ParseException e) {
      throw new AssertionError("not a JWT: " + jwt, e);
    }
  }

  /** A create or join answer. */
  public record Grant(String token, String role, String userId, String sessionId, Map<String, Object> session) {
    static Grant of(Map<String, Object> body) {
      Map<String, Object> session = (Map<String, Object>) body.get("session");
      Map<String, Object> user = (Map<String, Object>) body.get("user");
      return new Grant((String) body.get("token"), (String) body.get("role"), (String) user.get("id"), (String) session.get("id"), session);
    }
  }
}
