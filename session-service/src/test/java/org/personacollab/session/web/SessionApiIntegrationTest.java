package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.personacollab.session.support.ApiIntegrationBase;
import org.personacollab.session.support.TestApi;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Create, read, list and the max_sessions limit, in a service of its own (it fills the store to its limit). */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class SessionApiIntegrationTest {
  static final int MAX_SESSIONS = 3;
  private static final Path KEY_FILE = ApiIntegrationBase.tempKeyFile();

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 2);
    // The first requests of a fresh JVM on a 2-core machine can take longer than the default 5 s.
    registry.add("spring.test.webtestclient.timeout", () -> "30s");
    registry.add("persona.auth.key-file", KEY_FILE::toString);
    registry.add("collaboration.server.max_sessions", () -> MAX_SESSIONS);
  }

  @Autowired WebTestClient web;
  private TestApi api;
  private String alice;

  @BeforeEach
  void signIn() {
    api = new TestApi(web);
    alice = api.login("alice");
  }

  @Test
  void create_thenGet_thenList() {
    Map<String, Object> created =
        web.post().uri("/api/sessions")
            .headers(h -> h.setBearerAuth(alice))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\": \"Workshop 2025-01-15\", \"settings\": {\"template\": \"b2b\"}}")
            .exchange()
            .expectStatus().isCreated()
            .expectHeader().valueMatches("Location", "/api/sessions/[a-z0-9]{10}")
            .expectBody(Map.class).returnResult().getResponseBody();

    assertThat(created).containsEntry("token_type", "Bearer").containsEntry("role", "facilitator");
    assertThat(created.get("user")).isEqualTo(Map.of("id", "dev:alice", "name", "alice"));
    Map<String, Object> session = (Map<String, Object>) created.get("session");
    assertThat(session).containsEntry("name", "Workshop 2025-01-15").containsEntry("status", "active")
        .containsEntry("created_by", "dev:alice").containsEntry("settings", Map.of("template", "b2b"));
    assertThat((String) session.get("id")).matches("[a-z0-9]{10}");
    assertThat((String) session.get("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
    String id = (String) session.get("id");
    String token = (String) created.get("token");

    web.get().uri("/api/sessions/{id}", id).headers(h -> h.setBearerAuth(token)).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.id").isEqualTo(id)
        .jsonPath("$.name").isEqualTo("Workshop 2025-01-15")
        .jsonPath("$.participants.length()").isEqualTo(1)
        .jsonPath("$.participants[0].user_id").isEqualTo("dev:alice")
        .jsonPath("$.participants[0].role").isEqualTo("facilitator");

    web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(alice)).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.sessions[?(@.id == '" + id + "')].name").isEqualTo("Workshop 2025-01-15")
        .jsonPath("$.total").value(total -> assertThat(((Number) total).intValue()).isGreaterThanOrEqualTo(1));
  }

  @Test
  void list_pagesPartitionTheWholeList() {
    api.create(alice, "paged one");
    api.create(alice, "paged two");
    List<Object> all = ids(0, 50);
    assertThat(all).hasSizeGreaterThanOrEqualTo(2);

    List<Object> paged = new ArrayList<>();
    for (int offset = 0; offset < all.size(); offset++) paged.addAll(ids(offset, 1));

    assertThat(paged).isEqualTo(all);
    assertThat(ids(all.size(), 1)).isEmpty();
  }

  private List<Object> ids(int offset, int limit) {
    Map<String, Object> page = web.get().uri("/api/sessions?offset={o}&limit={l}", offset, limit).headers(h -> h.setBearerAuth(alice)).exchange()
        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    assertThat(page).containsEntry("offset", offset).containsEntry("limit", limit);
    return ((List<Map<String, Object>>) page.get("sessions")).stream().map(s -> s.get("id")).toList();
  }

  @Test
  void join_unknownSession_404ProblemWithCode() {
    web.post().uri("/api/sessions/doesnotexist/join").headers(h -> h.setBearerAuth(alice)).exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code").isEqualTo("session_not_found")
        .jsonPath("$.status").isEqualTo(404)
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("doesnotexist"));
  }

  @Test
  void get_withUserToken_unknownIs404_existingIs403SayingJoinFirst() {
    web.get().uri("/api/sessions/doesnotexist").headers(h -> h.setBearerAuth(alice)).exchange()
        .expectStatus().isNotFound()
        .expectBody().jsonPath("$.code").isEqualTo("session_not_found");
    String bob = api.login("bob");
    var bobs = api.create(bob, "bob's");
    String existing = bobs.sessionId();
    web.get().uri("/api/sessions/{id}", existing).headers(h -> h.setBearerAuth(alice)).exchange()
        .expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code").isEqualTo("forbidden")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("session token").contains("/join"));
    // Closed again so that it does not count against max_sessions in the last test.
    web.post().uri("/api/sessions/{id}/close", existing).headers(h -> h.setBearerAuth(bobs.token())).exchange().expectStatus().isOk();
  }

  @Test
  void anyRoute_withoutToken_401Unauthorized() {
    web.get().uri("/api/sessions").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized").jsonPath("$.status").isEqualTo(401);
    web.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"x\"}").exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
  }

  @Test
  void create_invalidBodies_problemAndNothingCreated() {
    long before = total();
    for (String body : new String[] {"{\"name\": \"   \"}", "{}", "{\"name\": \"" + "x".repeat(201) + "\"}"}) {
      web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(alice)).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
          .expectStatus().isBadRequest()
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.code").isEqualTo("validation_failed").jsonPath("$.detail").value(d -> assertThat((String) d).contains("name"));
    }
    for (String field : new String[] {"persona", "settings"}) {
      web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(alice)).contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"name\": \"ok\", \"" + field + "\": [1, 2]}").exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.code").isEqualTo("validation_failed").jsonPath("$.detail").isEqualTo(field + ": must be a JSON object");
    }
    web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(alice)).contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
        .expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("invalid_json");
    assertThat(total()).isEqualTo(before);
  }

  @Test
  void list_badPaging_problem() {
    web.get().uri("/api/sessions?limit=0").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
    web.get().uri("/api/sessions?limit=101").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
    web.get().uri("/api/sessions?offset=-1").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
  }

  @Test
  @Order(Integer.MAX_VALUE) // fills the store to its limit: last
  void create_beyondMaxSessions_409AndCountUnchanged() {
    while (total() < MAX_SESSIONS) api.create(alice, "filler");
    web.post().uri("/api/sessions").headers(h -> h.setBearerAuth(alice)).contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"one too many\"}")
        .exchange()
        .expectStatus().isEqualTo(409)
        .expectBody()
        .jsonPath("$.code").isEqualTo("session_limit_reached")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("max_sessions"));
    assertThat(total()).isEqualTo(MAX_SESSIONS);
  }

  private long total() {
    Map<String, Object> page = web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    return ((Number) page.get("total")).longValue();
  }
}
