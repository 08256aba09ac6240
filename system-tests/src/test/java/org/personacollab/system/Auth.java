package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.personacollab.testkit.TestSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs test users in the way users are (the development login, ADR 7), creates sessions as their
 * facilitators, invites others and joins them, and opens sockets with their session tokens. Grants
 * are remembered per session and name, so a test can ask for "bob in session X" more than once.
 */
final class Auth {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final RunningSystem system;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final Map<String, String> facilitators = new ConcurrentHashMap<>();

  /** A session token and what it is for. */
  record Grant(String sessionId, String userId, String name, String role, String token) {
    Map<String, String> header() {
      return Map.of("Authorization", "Bearer " + token);
    }
  }

  Auth(RunningSystem system) {
    this.system = system;
  }

  /** A user token from the development login. */
  String login(String name) throws Exception {
    HttpResponse<String> response = send("POST", "/api/auth/token", null, "{\"name\":\"" + name + "\"}");
    assertThat(response.statusCode()).as("login %s: %s", name, response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("token").asString();
  }

  /** Creates a session as {@code facilitator}; returns the facilitator's grant. */
  Grant create(String sessionName, String facilitator) throws Exception {
    String userToken = login(facilitator);
    HttpResponse<String> response = send("POST", "/api/sessions", userToken, "{\"name\":\"" + sessionName + "\"}");
    assertThat(response.statusCode()).as("create: %s", response.body()).isEqualTo(201);
    Grant grant = grant(JSON.readTree(response.body()));
    grants.put(grant.sessionId() + "/" + facilitator, grant);
    facilitators.put(grant.sessionId(), facilitator);
    return grant;
  }

  /** An invite token for {@code role}, made by the session's facilitator. */
  String invite(Grant facilitator, String role) throws Exception {
    HttpResponse<String> response =
        send("POST", "/api/sessions/" + facilitator.sessionId() + "/invites", facilitator.token(), "{\"role\":\"" + role + "\"}");
    assertThat(response.statusCode()).as("invite: %s", response.body()).isIn(200, 201);
    return JSON.readTree(response.body()).path("token").asString();
  }

  /** Signs {@code name} in and joins with an invite for {@code role}. */
  Grant join(String sessionId, String name, String role) throws Exception {
    Grant facilitator = grants.get(sessionId + "/" + facilitators.get(sessionId));
    String userToken = login(name);
    String invite = invite(facilitator, role);
    HttpResponse<String> response = send("POST", "/api/sessions/" + sessionId + "/join", userToken, "{\"invite\":\"" + invite + "\"}");
    assertThat(response.statusCode()).as("join %s: %s", name, response.body()).isEqualTo(200);
    Grant grant = grant(JSON.readTree(response.body()));
    grants.put(sessionId + "/" + name, grant);
    return grant;
  }

  /** {@code name}'s grant in the session: the facilitator's, or an editor's joined on first use. */
  Grant of(String sessionId, String name) throws Exception {
    Grant known = grants.get(sessionId + "/" + name);
    return known != null ? known : join(sessionId, name, "editor");
  }

  /** A socket of {@code name} (joined as an editor if new) in the session. */
  TestSocket socket(String sessionId, String name) throws Exception {
    return TestSocket.connect(URI.create(system.ws(sessionId)), WAIT, of(sessionId, name).header());
  }

  private static Grant grant(JsonNode body) {
    return new Grant(
        body.path("session").path("id").asString(),
        body.path("user").path("id").asString(),
        body.path("user").path("name").asString(),
        body.path("role").asString(),
        body.path("token").asString());
  }

  HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.http() + path)).timeout(WAIT);
    if (token != null) request.header("Authorization", "Bearer " + token);
    if (json != null) request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    else request.method(method, HttpRequest.BodyPublishers.noBody());
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
