package org.personacollab.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.platform.config.CollaborationProperties.ConflictResolution;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class CollaborationPropertiesTest {
  @Configuration
  @EnableConfigurationProperties(CollaborationProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Config.class);

  @Test
  void bind_seedBlockVerbatim() {
    // The seed's YAML keys, underscores and all.
    runner
        .withPropertyValues(
            "collaboration.enabled=false",
            "collaboration.server.host=0.0.0.0",
            "collaboration.server.port=8080",
            "collaboration.server.max_sessions=100",
            "collaboration.server.max_participants_per_session=10",
            "collaboration.conflict_resolution=last_write_wins",
            "collaboration.session.timeout_minutes=60",
            "collaboration.session.persist_history=true",
            "collaboration.streaming.enabled=true",
            "collaboration.streaming.chunk_size=50")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              var p = ctx.getBean(CollaborationProperties.class);
              assertThat(p.enabled()).isFalse();
              assertThat(p.server().host()).isEqualTo("0.0.0.0");
              assertThat(p.server().port()).isEqualTo(8080);
              assertThat(p.server().maxSessions()).isEqualTo(100);
              assertThat(p.server().maxParticipantsPerSession()).isEqualTo(10);
              assertThat(p.conflictResolution()).isEqualTo(ConflictResolution.LAST_WRITE_WINS);
              assertThat(p.session().timeoutMinutes()).isEqualTo(60);
              assertThat(p.session().persistHistory()).isTrue();
              assertThat(p.streaming().enabled()).isTrue();
              assertThat(p.streaming().chunkSize()).isEqualTo(50);
            });
  }

  @Test
  void bind_noValues_seedDefaults() {
    runner.run(
        ctx -> {
          var p = ctx.getBean(CollaborationProperties.class);
          assertThat(p.enabled()).isFalse();
          assertThat(p.server().maxSessions()).isEqualTo(100);
          assertThat(p.conflictResolution()).isEqualTo(ConflictResolution.LAST_WRITE_WINS);
          assertThat(p.streaming().chunkSize()).isEqualTo(50);
          assertThat(p.workshop().voting().quorum()).isEqualTo(1);
          assertThat(p.workshop().voting().tie()).isEqualTo(CollaborationProperties.TieRule.NO_WINNER);
          assertThat(p.workshop().voting().maxOpenProposals()).isEqualTo(50);
          assertThat(p.workshop().turns().maxTurnSeconds()).isEqualTo(3600);
        });
  }

  @Test
  void bind_workshopRules() {
    runner.withPropertyValues("collaboration.workshop.voting.quorum=3", "collaboration.workshop.voting.tie=facilitator").run(
        ctx -> {
          var voting = ctx.getBean(CollaborationProperties.class).workshop().voting();
          assertThat(voting.quorum()).isEqualTo(3);
          assertThat(voting.tie()).isEqualTo(CollaborationProperties.TieRule.FACILITATOR);
        });
  }

  @Test
  void bind_otherEnumSpellings() {
    runner.withPropertyValues("collaboration.conflict_resolution=crdt").run(
        ctx -> assertThat(ctx.getBean(CollaborationProperties.class).conflictResolution()).isEqualTo(ConflictResolution.CRDT));
    runner.withPropertyValues("collaboration.conflict-resolution=OT").run(
        ctx -> assertThat(ctx.getBean(CollaborationProperties.class).conflictResolution()).isEqualTo(ConflictResolution.OT));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "collaboration.server.max_sessions, 0, collaboration.server.max_sessions",
    "collaboration.server.max_participants_per_session, -3, collaboration.server.max_participants_per_session",
    "collaboration.server.port, 70000, collaboration.server.port",
    "collaboration.server.host, '', collaboration.server.host",
    "collaboration.session.timeout_minutes, 0, collaboration.session.timeout_minutes",
    "collaboration.streaming.chunk_size, 0, collaboration.streaming.chunk_size",
    "collaboration.conflict_resolution, newest_wins, collaboration.conflict-resolution",
    "collaboration.streaming.chunk_size, lots, collaboration.streaming.chunk-size",
    "collaboration.enabled, maybe, collaboration.enabled",
    "collaboration.workshop.voting.quorum, 0, collaboration.workshop.voting.quorum",
    "collaboration.workshop.voting.tie, coin_toss, collaboration.workshop.voting.tie",
    "collaboration.workshop.voting.max_open_proposals, 0, collaboration.workshop.voting.max_open_proposals",
    "collaboration.workshop.turns.max_turn_seconds, 0, collaboration.workshop.turns.max_turn_seconds",
  })
  void bind_invalidValue_failsNamingTheKey(String key, String value, String named) {
    runner
        .withPropertyValues(key + "=" + value)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              Throwable failure = ctx.getStartupFailure();
              StringBuilder all = new StringBuilder();
              for (Throwable t = failure; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
              // Either the binder ("collaboration.conflict-resolution") or the validator
              // ("collaboration.server.max_sessions" / "maxSessions") names the key.
              String text = all.toString();
              String last = named.substring(named.lastIndexOf('.') + 1);
              String camel = toCamel(last);
              assertThat(text).containsAnyOf(named, named.replace('_', '-'), camel);
            });
  }

  private static String toCamel(String key) {
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_' || c == '-') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return out.toString();
  }
}
