package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionApiIntegrationTest {
  static final int MAX_SESSIONS = 3;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("collaboration.server.max_sessions", () -> MAX_SESSIONS);
  }

  @Autowired WebTestClient web;

  @Test
  void create_thenGet_thenList() {
    @SuppressWarnings("unchecked")
    Map<String, Object> created =
        (Map<String, Object>) web.post().uri("/api/sessions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\": \"Workshop 2025-01-15\"}")
            .exchange()
            .expectStatus().isCreated()
            .expectHeader().valueMatches("Location", "/api/sessions/[a-z0-9]{10}")
            .expectBody(Map.class).returnResult().getResponseBody();

    assertThat(created).containsEntry("name", "Workshop 2025-01-15").containsEntry("status", "active");
    assertThat((String) created.get("id")).matches("[a-z0-9]{10}");
    assertThat((String) created.get("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
    String id = (String) created.get("id");

    web.get().uri("/api/sessions/{id}", id).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.name").isEqualTo("Workshop 2025-01-15");

    web.get().uri("/api/sessions").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.sessions[?(@.id == '" + id + "')].name").isEqualTo("Workshop 2025-01-15")
        .jsonPath("$.total").value(total -> assertThat(((Number) total).intValue()).isGreaterThanOrEqualTo(1));
  }

  @Test
  void get_unknown_404ProblemWithCode() {
    web.get().uri("/api/sessions/doesnotexist").exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code").isEqualTo("session_not_found")
        .jsonPath("$.status").isEqualTo(404)
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("doesnotexist"));
  }

  @Test
  void create_invalidBodies_problemAndNothingCreated() {
    long before = total();
    for (String body : new String[] {"{\"name\": \"   \"}", "{}", "{\"name\": \"" + "x".repeat(201) + "\"}"}) {
      web.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
          .expectStatus().isBadRequest()
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.code").isEqualTo("validation_failed").jsonPath("$.detail").value(d -> assertThat((String) d).contains("name"));
    }
    web.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
        .expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("invalid_json");
    assertThat(total()).isEqualTo(before);
  }

  @Test
  void list_badPaging_problem() {
    web.get().uri("/api/sessions?limit=0").exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
    web.get().uri("/api/sessions?offset=-1").exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
  }

  @Test
  @Order(Integer.MAX_VALUE) // fills the store to its limit: last
  void create_beyondMaxSessions_409AndCountUnchanged() {
    while (total() < MAX_SESSIONS) {
      web.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"filler\"}")
          .exchange().expectStatus().isCreated();
    }
    web.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"one too many\"}")
        .exchange()
        .expectStatus().isEqualTo(409)
        .expectBody()
        .jsonPath("$.code").isEqualTo("session_limit_reached")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("max_sessions"));
    assertThat(total()).isEqualTo(MAX_SESSIONS);
  }

  private long total() {
    Map<?, ?> page = web.get().uri("/api/sessions").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    return ((Number) page.get("total")).longValue();
  }
}
