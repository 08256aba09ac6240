package org.personacollab.session.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.session.SessionServiceApplication;
import org.personacollab.session.auth.SigningKeyException;
import org.personacollab.session.support.TestApi;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The signing key outlives the process: a restarted service with the same key file publishes the
 * same {@code kid} and accepts the tokens the first one issued; without the file and with
 * generation off it refuses to start and says why.
 */
@WithInfra
@SuppressWarnings("unchecked")
class SigningKeyRestartIntegrationTest {
  private static final String PREFIX = Infra.get().uniquePrefix();

  private static ConfigurableApplicationContext start(Path keyFile, String... more) {
    List<String> args = new ArrayList<>();
    Infra.get().springProperties(PREFIX).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.kafka.partitions=2");
    args.add("--persona.auth.key-file=" + keyFile);
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(SessionServiceApplication.class).run(args.toArray(String[]::new));
  }

  private static WebTestClient client(ConfigurableApplicationContext app) {
    return WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port")).build();
  }

  private static String kid(WebTestClient web) {
    Map<String, Object> jwks = web.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    return (String) ((List<Map<String, Object>>) jwks.get("keys")).get(0).get("kid");
  }

  @Test
  void restart_sameKeyFile_sameKid_andTokensOfTheFirstRunStillValid(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("data/session-signing-key.json");
    String kid;
    String userToken;
    TestApi.Grant grant;
    try (var first = start(keyFile)) {
      WebTestClient web = client(first);
      kid = kid(web);
      userToken = new TestApi(web).login("survivor");
      grant = new TestApi(web).create(userToken, "Across a restart");
    }
    assertThat(keyFile).exists();
    assertThat(Files.readString(keyFile)).contains("\"d\"").contains("\"kid\":\"" + kid + "\"");

    try (var second = start(keyFile)) {
      WebTestClient web = client(second);
      assertThat(kid(web)).isEqualTo(kid);
      web.get().uri("/api/sessions").headers(h -> h.setBearerAuth(userToken)).exchange().expectStatus().isOk();
      web.get().uri("/api/sessions/{id}", grant.sessionId()).headers(h -> h.setBearerAuth(grant.token())).exchange()
          .expectStatus().isOk()
          .expectBody().jsonPath("$.name").isEqualTo("Across a restart");
    }
  }

  @Test
  void missingKey_generationOff_refusesToStart_namingFileAndSetting(@TempDir Path dir) {
    Path keyFile = dir.resolve("absent.json");

    assertThatThrownBy(() -> start(keyFile, "--persona.auth.generate-key=false").close())
        .hasRootCauseInstanceOf(SigningKeyException.class)
        .rootCause()
        .hasMessageContaining(keyFile.toString())
        .hasMessageContaining("persona.auth.key-file")
        .hasMessageContaining("persona.auth.generate-key is false");
    assertThat(keyFile).doesNotExist();
  }
}
