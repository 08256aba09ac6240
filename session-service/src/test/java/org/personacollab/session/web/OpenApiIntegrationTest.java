package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.personacollab.session.support.ApiIntegrationBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI document at {@code /v3/api-docs} covers every route the service has, and only those. */
@SuppressWarnings("unchecked")
class OpenApiIntegrationTest extends ApiIntegrationBase {
  /** The API as documented in docs/api/sessions.md: a route missing here or there fails this test. */
  static final Set<String> ROUTES = Set.of(
      "POST /api/auth/token",
      "GET /api/auth/jwks",
      "GET /.well-known/jwks.json",
      "POST /api/sessions",
      "GET /api/sessions",
      "GET /api/sessions/{id}",
      "POST /api/sessions/{id}/join",
      "POST /api/sessions/{id}/leave",
      "POST /api/sessions/{id}/close",
      "GET /api/sessions/{id}/participants",
      "PUT /api/sessions/{id}/participants/{userId}/role",
      "DELETE /api/sessions/{id}/participants/{userId}",
      "POST /api/sessions/{id}/invites",
      "GET /api/sessions/{id}/invites",
      "DELETE /api/sessions/{id}/invites/{jti}");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void document_hasEveryMappedRoute_andTheExpectedOnes() {
    Map<String, Object> doc = web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    Set<String> documented = new TreeSet<>();
    ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, operations) ->
        operations.keySet().forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

    Set<String> mapped = new TreeSet<>();
    mappings.getHandlerMethods().forEach((info, handler) -> {
      if (!handler.getBeanType().getPackageName().equals(SessionController.class.getPackageName())) return;
      for (var pattern : info.getPatternsCondition().getPatterns()) {
        for (RequestMethod method : info.getMethodsCondition().getMethods()) mapped.add(method.name() + " " + pattern.getPatternString());
      }
    });

    assertThat(mapped).isEqualTo(new TreeSet<>(ROUTES));
    assertThat(documented).isEqualTo(new TreeSet<>(ROUTES));
  }

  @Test
  void apiPage_listsEveryRoute() throws Exception {
    String page = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "api", "sessions.md"));

    for (String route : ROUTES) {
      assertThat(page.contains("`" + route + "`") || page.contains("`" + route + "?")).as(route + " in docs/api/sessions.md").isTrue();
    }
  }

  @Test
  void document_marksLoginAndJwksOpen_andEverythingElseBearer() {
    Map<String, Object> doc = web.get().uri("/v3/api-docs").exchange().expectBody(Map.class).returnResult().getResponseBody();
    Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");

    assertThat(paths.get("/api/auth/token").get("post").get("security")).isEqualTo(java.util.List.of());
    assertThat(paths.get("/api/auth/jwks").get("get").get("security")).isEqualTo(java.util.List.of());
    assertThat(doc.get("security")).isEqualTo(java.util.List.of(Map.of("bearer", java.util.List.of())));
    assertThat((Map<String, Object>) paths.get("/api/sessions/{id}/join").get("post").get("responses")).containsKeys("200", "403", "409", "410");
  }
}
