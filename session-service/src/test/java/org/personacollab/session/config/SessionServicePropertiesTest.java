package org.personacollab.session.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.personacollab.session.auth.SigningKeyException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class SessionServicePropertiesTest {
  @Configuration
  @EnableConfigurationProperties({AuthProperties.class, SessionServiceProperties.class})
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  @Test
  void defaults() {
    runner.run(ctx -> {
      var auth = ctx.getBean(AuthProperties.class);
      assertThat(auth.keyFileOrDefault()).isEqualTo(Path.of(System.getProperty("user.home"), ".persona", "session-signing-key.json"));
      assertThat(auth.generateKey()).isTrue();
      assertThat(auth.issuer()).isEqualTo("persona-collab");
      assertThat(auth.tokenTtl()).hasHours(12);
      assertThat(auth.sessionTokenTtl()).hasHours(12);
      assertThat(auth.inviteMaxTtl()).hasDays(30);
      assertThat(auth.devLogin().enabled()).isTrue();
      assertThat(auth.externalIssuerUri()).isNull();
      var own = ctx.getBean(SessionServiceProperties.class);
      assertThat(own.publicUrl()).hasToString("http://localhost:8080");
      assertThat(own.sessions().sweepInterval()).hasSeconds(30);
      assertThat(own.sessions().idleTimeout()).as("collaboration.session.timeout_minutes decides").isNull();
    });
  }

  @Test
  void idleTimeout_finerThanMinutes_boundAndValidated() {
    runner.withPropertyValues("persona.sessions.idle-timeout=20s")
        .run(ctx -> assertThat(ctx.getBean(SessionServiceProperties.class).sessions().idleTimeout()).hasSeconds(20));
    runner.withPropertyValues("persona.sessions.idle-timeout=10ms").run(ctx -> {
      assertThat(ctx).hasFailed();
      StringBuilder all = new StringBuilder();
      for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
      assertThat(all.toString()).containsAnyOf("idleTimeout", "idle-timeout");
    });
  }

  @Test
  void bound_fromKebabKeys() {
    runner.withPropertyValues(
            "persona.auth.key-file=/data/key.json", "persona.auth.generate-key=false", "persona.auth.token-ttl=1h",
            "persona.auth.dev-login.enabled=false", "persona.auth.external-issuer-uri=https://idp.example/realms/x",
            "persona.public-url=https://persona.example/")
        .run(ctx -> {
          var auth = ctx.getBean(AuthProperties.class);
          assertThat(auth.keyFileOrDefault()).isEqualTo(Path.of("/data/key.json"));
          assertThat(auth.generateKey()).isFalse();
          assertThat(auth.tokenTtl()).hasHours(1);
          assertThat(auth.devLogin().enabled()).isFalse();
          assertThat(auth.externalIssuerUri()).hasHost("idp.example");
          assertThat(ctx.getBean(SessionServiceProperties.class).inviteLink("abc")).isEqualTo("https://persona.example/?invite=abc");
        });
  }

  @Test
  void tooShortTtl_refusedNamingTheKey() {
    runner.withPropertyValues("persona.auth.token-ttl=10s").run(ctx -> {
      assertThat(ctx).hasFailed();
      StringBuilder all = new StringBuilder();
      for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
      assertThat(all.toString()).containsAnyOf("tokenTtl", "token-ttl", "token_ttl");
    });
  }

  @Test
  void signingKeyFailure_analyzedIntoTheMessageAndAnAction() {
    var e = new SigningKeyException(Path.of("/x/key.json"), "There is no signing key at /x/key.json (persona.auth.key-file)");

    var analysis = new SigningKeyFailureAnalyzer().analyze(new IllegalStateException("wrapped", e));

    assertThat(analysis.getDescription()).contains("/x/key.json");
    assertThat(analysis.getAction()).contains("persona.auth.generate-key=true");
  }
}
