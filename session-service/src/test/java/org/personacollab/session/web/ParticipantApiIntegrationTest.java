package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.session.support.ApiIntegrationBase;
import org.personacollab.session.support.ChannelListener;
import org.personacollab.session.support.TestApi.Grant;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Roles, removal, closing, who may do what (with the exact codes), and what gateways (Redis) and
 * the audit log (Kafka) are told.
 */
@SuppressWarnings("unchecked")
class ParticipantApiIntegrationTest extends ApiIntegrationBase {

  private Grant facilitator(String name) {
    return api().create(api().login(name), "Workshop of " + name);
  }

  private WebTestClient.ResponseSpec call(HttpMethod method, String uri, String token, Object body) {
    var spec = web.method(method).uri(uri).headers(h -> h.setBearerAuth(token));
    return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  private WebTestClient.ResponseSpec setRole(Grant by, String userId, String role) {
    return call(HttpMethod.PUT, "/api/sessions/" + by.sessionId() + "/participants/" + userId + "/role", by.token(), Map.of("role", role));
  }

  // ------------------------------------------------------------------ create

  @Test
  void create_withPersona_auditsCreationJoinAndThenTheDocumentAsFirstChange() {
    String alice = api().login("persona-alice");
    Map<String, Object> persona = Map.of("name", "Sarah", "goals", List.of("ship it"));

    Grant grant = api().create(alice, Map.of("name", "From a persona", "persona", persona, "settings", Map.of("rounds", 2)));

    List<EditRecord> records = edits().await(grant.sessionId(), rs -> rs.size() >= 3, java.time.Duration.ofSeconds(20));
    assertThat(records).hasSize(3);
    EditRecord created = records.get(0);
    assertThat(created.event().get("type").asString()).isEqualTo("session.created");
    assertThat(created.event().get("data").get("name").asString()).isEqualTo("From a persona");
    assertThat(created.event().get("data").get("settings").get("rounds").asInt()).isEqualTo(2);
    assertThat(created.userId()).isEqualTo("dev:persona-alice");
    assertThat(created.src()).isEqualTo("agent:session-service");
    EditRecord joined = records.get(1);
    assertThat(joined.event().get("type").asString()).isEqualTo("participant.joined");
    assertThat(joined.event().get("data").get("role").asString()).isEqualTo("facilitator");
    assertThat(joined.event().get("data").get("via").asString()).isEqualTo("create");
    EditRecord document = records.get(2);
    assertThat(document.carriesEvent()).isFalse();
    assertThat(document.path()).isEmpty();
    assertThat(document.value().get("name").asString()).isEqualTo("Sarah");
    assertThat(document.value().get("goals").get(0).asString()).isEqualTo("ship it");
    assertThat(document.src()).isEqualTo("agent:session-service");
    assertThat(document.seq()).isEqualTo(1);
    assertThat(document.userId()).isEqualTo("dev:persona-alice");
  }

  @Test
  void create_withoutPersona_noDocumentRecord() {
    Grant grant = facilitator("plain-alice");

    List<EditRecord> records = edits().awaitEvents(grant.sessionId(), "session.created", "participant.joined");

    assertThat(records).allMatch(EditRecord::carriesEvent);
    assertThat(records.get(0).event().get("data").get("settings").isObject()).isTrue();
  }

  // ------------------------------------------------------------------ list filter and paging

  @Test
  void list_participantFilter_onlyThatUsersActiveSessions_paged() {
    String pager = api().login("pager");
    Grant a = api().create(pager, "p1");
    Grant b = api().create(pager, "p2");
    Grant c = api().create(pager, "p3");
    Grant elsewhere = facilitator("not-pager");

    Map<String, Object> first = page("/api/sessions?participant=dev:pager&limit=2", pager);
    Map<String, Object> second = page("/api/sessions?participant=dev:pager&limit=2&offset=2", pager);

    assertThat(first).containsEntry("total", 3).containsEntry("limit", 2).containsEntry("offset", 0);
    assertThat(second).containsEntry("total", 3);
    List<Object> ids = new java.util.ArrayList<>(ids(first));
    ids.addAll(ids(second));
    assertThat(ids).containsExactlyInAnyOrder(a.sessionId(), b.sessionId(), c.sessionId()).doesNotContain(elsewhere.sessionId());

    // A participant who joined is listed for them too; one who left is not.
    Grant dora = api().invitedJoin(elsewhere, "dora", "viewer");
    assertThat(ids(page("/api/sessions?participant=dev:dora", pager))).containsExactly(elsewhere.sessionId());
    call(HttpMethod.POST, "/api/sessions/" + elsewhere.sessionId() + "/leave", dora.token(), null).expectStatus().isNoContent();
    assertThat(ids(page("/api/sessions?participant=dev:dora", pager))).isEmpty();
  }

  private Map<String, Object> page(String uri, String token) {
    return web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  private static List<Object> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("sessions")).stream().map(s -> s.get("id")).toList();
  }

  // ------------------------------------------------------------------ roles

  @Test
  void changeRole_byFacilitator_publishesRoleChanged_auditsIt_andTakesEffectAtOnce() {
    Grant alice = facilitator("role-alice");
    Grant bob = api().invitedJoin(alice, "role-bob", "editor");
    // bob's token says "editor": he may not invite
    call(HttpMethod.POST, "/api/sessions/" + alice.sessionId() + "/invites", bob.token(), Map.of()).expectStatus().isForbidden();

    try (ChannelListener channel = listen(alice.sessionId())) {
      setRole(alice, "dev:role-bob", "facilitator").expectStatus().isOk()
          .expectBody().jsonPath("$.user_id").isEqualTo("dev:role-bob").jsonPath("$.role").isEqualTo("facilitator");

      List<ServerFrame> frames = channel.awaitFrames(1);
      assertThat(frames.get(0)).isInstanceOfSatisfying(RoleChanged.class, f -> {
        assertThat(f.userId()).isEqualTo("dev:role-bob");
        assertThat(f.role()).isEqualTo("facilitator");
        assertThat(f.ts()).isEqualTo(CLOCK.millis());
      });
      assertThat(channel.messages().get(0)).startsWith("{\"type\":\"role_changed\"");
    }
    // the same token now may: the session's role counts, not the token's
    call(HttpMethod.POST, "/api/sessions/" + alice.sessionId() + "/invites", bob.token(), Map.of()).expectStatus().isCreated();

    EditRecord changed = edits().events(alice.sessionId(), "role.changed").get(0);
    assertThat(changed.userId()).isEqualTo("dev:role-alice");
    assertThat(changed.event().get("data").get("user_id").asString()).isEqualTo("dev:role-bob");
    assertThat(changed.event().get("data").get("from").asString()).isEqualTo("editor");
    assertThat(changed.event().get("data").get("to").asString()).isEqualTo("facilitator");
  }

  @Test
  void facilitatorOnlyActions_byEditorOrViewer_403Forbidden() {
    Grant alice = facilitator("acl-alice");
    Grant editor = api().invitedJoin(alice, "acl-editor", "editor");
    Grant viewer = api().invitedJoin(alice, "acl-viewer", "viewer");
    String base = "/api/sessions/" + alice.sessionId();

    for (Grant who : List.of(editor, viewer)) {
      String other = who == editor ? "dev:acl-viewer" : "dev:acl-editor";
      call(HttpMethod.PUT, base + "/participants/" + other + "/role", who.token(), Map.of("role", "facilitator"))
          .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden")
          .jsonPath("$.detail").value(d -> assertThat((String) d).contains("facilitator").contains(who.role()));
      call(HttpMethod.DELETE, base + "/participants/" + other, who.token(), null)
          .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
      call(HttpMethod.POST, base + "/invites", who.token(), Map.of("role", "viewer"))
          .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
      call(HttpMethod.DELETE, base + "/invites/inv-whatever", who.token(), null)
          .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
      call(HttpMethod.POST, base + "/close", who.token(), null)
          .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
      // what any participant may do
      call(HttpMethod.GET, base, who.token(), null).expectStatus().isOk();
      call(HttpMethod.GET, base + "/participants", who.token(), null).expectStatus().isOk();
    }
    web.get().uri(base).headers(h -> h.setBearerAuth(alice.token())).exchange()
        .expectBody().jsonPath("$.participants[*].role").isEqualTo(List.of("facilitator", "editor", "viewer"));
  }

  @Test
  void sessionToken_ofAnotherSession_403Forbidden_userToken_403Forbidden() {
    Grant one = facilitator("cross-one");
    Grant two = facilitator("cross-two");

    for (String token : List.of(two.token(), api().login("cross-user"))) {
      call(HttpMethod.GET, "/api/sessions/" + one.sessionId(), token, null)
          .expectStatus().isForbidden()
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.code").isEqualTo("forbidden");
    }
    call(HttpMethod.POST, "/api/sessions/" + one.sessionId() + "/close", two.token(), null)
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
  }

  @Test
  void ownRole_andLastFacilitator_andUnknownTarget() {
    Grant alice = facilitator("self-alice");

    setRole(alice, "dev:self-alice", "editor").expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("forbidden").jsonPath("$.detail").value(d -> assertThat((String) d).contains("own role"));
    call(HttpMethod.DELETE, "/api/sessions/" + alice.sessionId() + "/participants/dev:self-alice", alice.token(), null)
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
    setRole(alice, "dev:nobody", "viewer").expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("not_found");
    setRole(alice, "dev:nobody", "king").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("validation_failed");
  }

  // ------------------------------------------------------------------ removal

  @Test
  void remove_byFacilitator_publishesUserLeftRemoved_auditsIt_andRemovedUserIsRefused() {
    Grant alice = facilitator("rm-alice");
    String zoeUser = api().login("Zoë");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "editor", "PT1H").get("token");
    Grant zoe = api().joinOk(zoeUser, alice.sessionId(), invite);

    try (ChannelListener channel = listen(alice.sessionId())) {
      call(HttpMethod.DELETE, "/api/sessions/" + alice.sessionId() + "/participants/dev:zoë", alice.token(), null)
          .expectStatus().isNoContent();

      assertThat(channel.awaitFrames(1).get(0)).isInstanceOfSatisfying(UserLeft.class, f -> {
        assertThat(f.userId()).isEqualTo("dev:zoë");
        assertThat(f.name()).isEqualTo("Zoë");
        assertThat(f.reason()).isEqualTo("removed");
      });
    }
    // her session token no longer works, she cannot come back without an invite, and the old invite brings her back
    call(HttpMethod.GET, "/api/sessions/" + alice.sessionId(), zoe.token(), null)
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not_a_participant");
    api().join(zoeUser, alice.sessionId(), null)
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not_a_participant")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("removed"));
    api().joinOk(zoeUser, alice.sessionId(), invite);

    EditRecord removed = edits().events(alice.sessionId(), "participant.removed").get(0);
    assertThat(removed.userId()).isEqualTo("dev:rm-alice");
    assertThat(removed.event().get("data").get("user_id").asString()).isEqualTo("dev:zoë");
    assertThat(removed.event().get("data").get("name").asString()).isEqualTo("Zoë");
  }

  // ------------------------------------------------------------------ close

  @Test
  void close_byFacilitator_tellsEveryone_audits_refusesJoin_notListed() {
    Grant alice = facilitator("close-alice");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "editor", "PT1H").get("token");
    String base = "/api/sessions/" + alice.sessionId();

    try (ChannelListener channel = listen(alice.sessionId())) {
      call(HttpMethod.POST, base + "/close", alice.token(), null).expectStatus().isOk()
          .expectBody().jsonPath("$.status").isEqualTo("closed").jsonPath("$.close_reason").isEqualTo("closed")
          .jsonPath("$.closed_at").isEqualTo(CLOCK.instant().toString());

      assertThat(channel.awaitFrames(1).get(0)).isInstanceOfSatisfying(SessionClosed.class, f -> {
        assertThat(f.reason()).isEqualTo("closed");
        assertThat(f.message()).isEqualTo("The facilitator closed the session.");
      });
    }
    api().join(api().login("late"), alice.sessionId(), invite)
        .expectStatus().isEqualTo(410)
        .expectBody().jsonPath("$.code").isEqualTo("session_closed");
    call(HttpMethod.POST, base + "/close", alice.token(), null)
        .expectStatus().isEqualTo(410).expectBody().jsonPath("$.code").isEqualTo("session_closed");
    call(HttpMethod.POST, base + "/invites", alice.token(), Map.of())
        .expectStatus().isEqualTo(410).expectBody().jsonPath("$.code").isEqualTo("session_closed");
    call(HttpMethod.GET, base, alice.token(), null).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("closed");
    assertThat(ids(page("/api/sessions?limit=100", alice.token()))).doesNotContain(alice.sessionId());
    assertThat(ids(page("/api/sessions?participant=dev:close-alice", alice.token()))).doesNotContain(alice.sessionId());

    EditRecord closed = edits().events(alice.sessionId(), "session.closed").get(0);
    assertThat(closed.userId()).isEqualTo("dev:close-alice");
    assertThat(closed.event().get("data").get("reason").asString()).isEqualTo("closed");
  }

  @Test
  void leave_thenTokenRefused_andAudited() {
    Grant alice = facilitator("leave-alice");
    Grant bob = api().invitedJoin(alice, "leave-bob", "viewer");

    call(HttpMethod.POST, "/api/sessions/" + alice.sessionId() + "/leave", bob.token(), null).expectStatus().isNoContent();

    call(HttpMethod.GET, "/api/sessions/" + alice.sessionId(), bob.token(), null)
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not_a_participant");
    call(HttpMethod.POST, "/api/sessions/" + alice.sessionId() + "/leave", bob.token(), null)
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not_a_participant");
    EditRecord left = edits().events(alice.sessionId(), "participant.left").get(0);
    assertThat(left.userId()).isEqualTo("dev:leave-bob");
    assertThat(left.event().get("data").get("user_id").asString()).isEqualTo("dev:leave-bob");
  }
}
