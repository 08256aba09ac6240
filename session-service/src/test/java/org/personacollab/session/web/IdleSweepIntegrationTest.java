package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.session.domain.IdleSessionSweeper;
import org.personacollab.session.support.ApiIntegrationBase;
import org.personacollab.session.support.ChannelListener;
import org.personacollab.session.support.TestApi.Grant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * {@code collaboration.session.timeout_minutes} (1 minute here): the sweep closes a session with no
 * activity for that long, tells its sockets why and audits it; joins, leaves, role changes and the
 * gateways' marks in {@code <prefix>sessions:activity} keep a session open.
 */
class IdleSweepIntegrationTest extends ApiIntegrationBase {
  private static final Duration TIMEOUT = Duration.ofMinutes(TIMEOUT_MINUTES);

  @Autowired IdleSessionSweeper sweeper;
  @Autowired ReactiveStringRedisTemplate redis;

  private List<String> sweep() {
    return sweeper.sweep().block();
  }

  @Test
  void idleSession_closedForTimeout_participantsTold_audited_joinRefused() {
    Grant alice = api().create(api().login("idle-alice"), "Goes quiet");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "editor", "PT2H").get("token");

    try (ChannelListener channel = listen(alice.sessionId())) {
      CLOCK.advance(TIMEOUT.minusSeconds(1));
      assertThat(sweep()).doesNotContain(alice.sessionId());

      CLOCK.advance(Duration.ofSeconds(1));
      assertThat(sweep()).contains(alice.sessionId());

      assertThat(channel.awaitFrames(1).get(0)).isInstanceOfSatisfying(SessionClosed.class, f -> {
        assertThat(f.reason()).isEqualTo("timeout");
        assertThat(f.message()).isEqualTo("The session was closed after 1 minute without activity.");
        assertThat(f.ts()).isEqualTo(CLOCK.millis());
      });
    }
    web.get().uri("/api/sessions/{id}", alice.sessionId()).headers(h -> h.setBearerAuth(alice.token())).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.status").isEqualTo("closed").jsonPath("$.close_reason").isEqualTo("timeout");
    api().join(api().login("idle-late"), alice.sessionId(), invite)
        .expectStatus().isEqualTo(410)
        .expectBody().jsonPath("$.code").isEqualTo("session_closed");

    EditRecord closed = edits().events(alice.sessionId(), "session.closed").get(0);
    assertThat(closed.userId()).isEqualTo("agent:session-service");
    assertThat(closed.event().get("data").get("reason").asString()).isEqualTo("timeout");
    assertThat(sweep()).as("closed once only").doesNotContain(alice.sessionId());
  }

  @Test
  void gatewayActivityMark_keepsSessionOpen_untilItIsOld() {
    Grant alice = api().create(api().login("marked-alice"), "Busy");
    String activity = keys.key("sessions", "activity");

    CLOCK.advance(Duration.ofSeconds(50));
    // what a gateway does while edits happen
    redis.opsForZSet().add(activity, alice.sessionId(), CLOCK.millis()).block();
    CLOCK.advance(Duration.ofSeconds(30)); // 80 s since creation, 30 s since the mark
    assertThat(sweep()).doesNotContain(alice.sessionId());

    CLOCK.advance(Duration.ofSeconds(30)); // 60 s since the mark
    assertThat(sweep()).contains(alice.sessionId());
    assertThat(redis.opsForZSet().score(activity, alice.sessionId()).blockOptional()).as("mark forgotten on close").isEmpty();
  }

  @Test
  void join_countsAsActivity() {
    Grant alice = api().create(api().login("join-alice"), "Someone arrives");

    CLOCK.advance(Duration.ofSeconds(45));
    api().invitedJoin(alice, "join-bob", "viewer");
    CLOCK.advance(Duration.ofSeconds(45)); // 90 s since creation, 45 s since the join
    assertThat(sweep()).doesNotContain(alice.sessionId());

    CLOCK.advance(Duration.ofSeconds(15));
    assertThat(sweep()).contains(alice.sessionId());
  }
}
