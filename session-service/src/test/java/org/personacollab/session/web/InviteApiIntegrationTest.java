package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.session.auth.JwtTokens;
import org.personacollab.session.auth.SigningKey;
import org.personacollab.session.domain.Role;
import org.personacollab.session.support.ApiIntegrationBase;
import org.personacollab.session.support.TestApi;
import org.personacollab.session.support.TestApi.Grant;
import org.springframework.http.MediaType;

/** Share links: creating, joining with, expiring, forging, revoking invites; rejoining without one. */
@SuppressWarnings("unchecked")
class InviteApiIntegrationTest extends ApiIntegrationBase {

  private Grant facilitator(String name) {
    return api().create(api().login(name), "Invites of " + name);
  }

  @Test
  void invite_answersTokenAndLink_withClaims() throws Exception {
    Grant alice = facilitator("inv-alice");

    Map<String, Object> invite = api().invite(alice.token(), alice.sessionId(), "viewer", "PT2H");

    String token = (String) invite.get("token");
    assertThat(invite).containsEntry("role", "viewer").containsEntry("link", PUBLIC_URL + "/?invite=" + token)
        .containsEntry("expires_at", CLOCK.instant().plus(Duration.ofHours(2)).toString());
    var claims = TestApi.claims(token);
    assertThat(claims.getStringClaim("typ")).isEqualTo("invite");
    assertThat(claims.getStringClaim("sid")).isEqualTo(alice.sessionId());
    assertThat(claims.getStringClaim("role")).isEqualTo("viewer");
    assertThat(claims.getJWTID()).isEqualTo(invite.get("jti"));
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(CLOCK.instant().plus(Duration.ofHours(2)));

    EditRecord created = edits().events(alice.sessionId(), "invite.created").get(0);
    assertThat(created.event().get("data").get("jti").asString()).isEqualTo(invite.get("jti"));
    assertThat(created.event().get("data").get("role").asString()).isEqualTo("viewer");
    assertThat(created.event().get("data").get("expires_at").asString()).isEqualTo(invite.get("expires_at"));
    assertThat(created.userId()).isEqualTo("dev:inv-alice");
  }

  @Test
  void invite_defaultsEditorFor24Hours() {
    Grant alice = facilitator("inv-default");

    web.post().uri("/api/sessions/{id}/invites", alice.sessionId()).headers(h -> h.setBearerAuth(alice.token())).exchange()
        .expectStatus().isCreated()
        .expectHeader().valueMatches("Location", "/api/sessions/" + alice.sessionId() + "/invites/inv-.+")
        .expectBody()
        .jsonPath("$.role").isEqualTo("editor")
        .jsonPath("$.expires_at").isEqualTo(CLOCK.instant().plus(Duration.ofHours(24)).toString());
  }

  @Test
  void invite_badRoleOrExpiry_validationFailed() {
    Grant alice = facilitator("inv-bad");
    for (String body : new String[] {
        "{\"role\":\"facilitator\"}", "{\"role\":\"owner\"}", "{\"expires_in\":\"tomorrow\"}",
        "{\"expires_in\":\"PT0S\"}", "{\"expires_in\":\"-PT1H\"}", "{\"expires_in\":\"P31D\"}"}) {
      web.post().uri("/api/sessions/{id}/invites", alice.sessionId()).headers(h -> h.setBearerAuth(alice.token()))
          .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
    }
  }

  @Test
  void join_withInvite_participantWithInviteRole_andSessionTokenForThatSession() throws Exception {
    Grant alice = facilitator("inv-host");
    Map<String, Object> invite = api().invite(alice.token(), alice.sessionId(), "viewer", "PT1H");

    Grant bob = api().joinOk(api().login("Bob"), alice.sessionId(), (String) invite.get("token"));

    assertThat(bob.role()).isEqualTo("viewer");
    assertThat(bob.userId()).isEqualTo("dev:bob");
    assertThat(bob.session()).containsEntry("id", alice.sessionId());
    var claims = TestApi.claims(bob.token());
    assertThat(claims.getStringClaim("typ")).isEqualTo("session");
    assertThat(claims.getStringClaim("sid")).isEqualTo(alice.sessionId());
    assertThat(claims.getStringClaim("role")).isEqualTo("viewer");
    assertThat(claims.getSubject()).isEqualTo("dev:bob");
    assertThat(claims.getStringClaim("name")).isEqualTo("Bob");

    web.get().uri("/api/sessions/{id}", alice.sessionId()).headers(h -> h.setBearerAuth(bob.token())).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.participants[*].user_id").value(ids -> assertThat((List<String>) ids).containsExactlyInAnyOrder("dev:inv-host", "dev:bob"));

    EditRecord joined = edits().events(alice.sessionId(), "participant.joined").stream()
        .filter(r -> r.userId().equals("dev:bob")).findFirst().orElseThrow();
    assertThat(joined.src()).isEqualTo("agent:session-service");
    assertThat(joined.event().get("data").get("user_id").asString()).isEqualTo("dev:bob");
    assertThat(joined.event().get("data").get("name").asString()).isEqualTo("Bob");
    assertThat(joined.event().get("data").get("role").asString()).isEqualTo("viewer");
    assertThat(joined.event().get("data").get("via").asString()).isEqualTo("invite");
    assertThat(joined.event().get("data").get("invite").asString()).isEqualTo(invite.get("jti"));
  }

  @Test
  void join_expiredInvite_403InviteExpired() {
    Grant alice = facilitator("inv-exp");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "editor", "PT5M").get("token");
    String bob = api().login("exp-bob");

    CLOCK.advance(Duration.ofMinutes(5));

    api().join(bob, alice.sessionId(), invite)
        .expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("invite_expired").jsonPath("$.detail").value(d -> assertThat((String) d).contains("expired"));
  }

  @Test
  void join_forgedOrMalformedInvite_403InviteInvalid() {
    Grant alice = facilitator("inv-forge");
    JwtTokens forger = new JwtTokens(SigningKey.generate(), "persona-collab", Duration.ofHours(1), Duration.ofHours(1), CLOCK);
    String forged = forger.invite(alice.sessionId(), Role.EDITOR, CLOCK.instant().plusSeconds(3600)).token();
    String mallory = api().login("mallory");

    for (String invite : List.of(forged, "not-a-token", mallory /* a user token is not an invite */)) {
      api().join(mallory, alice.sessionId(), invite)
          .expectStatus().isForbidden()
          .expectBody().jsonPath("$.code").isEqualTo("invite_invalid");
    }
  }

  @Test
  void join_inviteForAnotherSession_403InviteInvalid() {
    Grant one = facilitator("inv-one");
    Grant two = facilitator("inv-two");
    String inviteToOne = (String) api().invite(one.token(), one.sessionId(), "editor", "PT1H").get("token");

    api().join(api().login("wanderer"), two.sessionId(), inviteToOne)
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("invite_invalid")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("another session"));
  }

  @Test
  void revoke_thenJoinRefusedInviteRevoked_otherInvitesStillWork_revokingTwiceIsFine() {
    Grant alice = facilitator("inv-rev");
    Map<String, Object> revoked = api().invite(alice.token(), alice.sessionId(), "editor", "PT1H");
    Map<String, Object> kept = api().invite(alice.token(), alice.sessionId(), "editor", "PT1H");
    String jti = (String) revoked.get("jti");

    for (int i = 0; i < 2; i++) {
      web.delete().uri("/api/sessions/{id}/invites/{jti}", alice.sessionId(), jti).headers(h -> h.setBearerAuth(alice.token())).exchange()
          .expectStatus().isNoContent();
    }

    api().join(api().login("rev-bob"), alice.sessionId(), (String) revoked.get("token"))
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("invite_revoked");
    api().joinOk(api().login("rev-carol"), alice.sessionId(), (String) kept.get("token"));

    web.get().uri("/api/sessions/{id}/invites", alice.sessionId()).headers(h -> h.setBearerAuth(alice.token())).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$[?(@.jti == '" + jti + "')].revoked").isEqualTo(List.of(true))
        .jsonPath("$[?(@.jti == '" + kept.get("jti") + "')].revoked").isEqualTo(List.of(false));
    List<EditRecord> events = edits().events(alice.sessionId(), "invite.revoked");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).event().get("data").get("jti").asString()).isEqualTo(jti);
  }

  @Test
  void revoke_unknownInvite_404NotFound() {
    Grant alice = facilitator("inv-unknown");

    web.delete().uri("/api/sessions/{id}/invites/inv-nope", alice.sessionId()).headers(h -> h.setBearerAuth(alice.token())).exchange()
        .expectStatus().isNotFound()
        .expectBody().jsonPath("$.code").isEqualTo("not_found");
  }

  @Test
  void rejoin_withoutInvite_afterLeave_sameRole_andAudited() {
    Grant alice = facilitator("inv-rejoin");
    String bobUser = api().login("rejoiner");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "viewer", "PT1H").get("token");
    Grant bob = api().joinOk(bobUser, alice.sessionId(), invite);

    web.post().uri("/api/sessions/{id}/leave", alice.sessionId()).headers(h -> h.setBearerAuth(bob.token())).exchange()
        .expectStatus().isNoContent();
    web.get().uri("/api/sessions/{id}", alice.sessionId()).headers(h -> h.setBearerAuth(bob.token())).exchange()
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("not_a_participant");

    Grant back = api().joinOk(bobUser, alice.sessionId(), null);

    assertThat(back.role()).isEqualTo("viewer");
    web.get().uri("/api/sessions/{id}", alice.sessionId()).headers(h -> h.setBearerAuth(back.token())).exchange().expectStatus().isOk();
    List<EditRecord> records = edits().awaitEvents(alice.sessionId(), "participant.left", "participant.joined");
    assertThat(records.stream().filter(r -> r.carriesEvent() && "participant.left".equals(r.event().path("type").asString())))
        .singleElement().satisfies(r -> assertThat(r.event().get("data").get("user_id").asString()).isEqualTo("dev:rejoiner"));
    edits().await(alice.sessionId(), rs -> rs.stream().anyMatch(r -> r.carriesEvent()
        && "participant.joined".equals(r.event().path("type").asString())
        && "rejoin".equals(r.event().get("data").path("via").asString())), Duration.ofSeconds(20));
  }

  @Test
  void join_whileActive_freshTokenSameRole_noInviteNeeded() {
    Grant alice = facilitator("inv-again");

    Grant again = api().joinOk(api().login("inv-again"), alice.sessionId(), null);

    assertThat(again.role()).isEqualTo("facilitator");
    assertThat(again.token()).isNotEqualTo(alice.token());
  }

  @Test
  void join_withoutInvite_neverJoined_403NotAParticipant() {
    Grant alice = facilitator("inv-stranger");

    api().join(api().login("stranger"), alice.sessionId(), null)
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("not_a_participant");
  }

  @Test
  void join_withSessionToken_403Forbidden() {
    Grant alice = facilitator("inv-st");
    Grant other = facilitator("inv-st2");

    api().join(other.token(), alice.sessionId(), null)
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("forbidden");
  }

  @Test
  void join_full_409SessionFull_andNothingChanged() {
    Grant alice = facilitator("inv-full"); // 1 of MAX_PARTICIPANTS
    for (int i = 1; i < MAX_PARTICIPANTS; i++) api().invitedJoin(alice, "full-" + i, "editor");
    String invite = (String) api().invite(alice.token(), alice.sessionId(), "editor", "PT1H").get("token");

    api().join(api().login("one-too-many"), alice.sessionId(), invite)
        .expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.code").isEqualTo("session_full")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("max_participants_per_session"));
    web.get().uri("/api/sessions/{id}/participants", alice.sessionId()).headers(h -> h.setBearerAuth(alice.token())).exchange()
        .expectBody().jsonPath("$.length()").isEqualTo(MAX_PARTICIPANTS);
  }

  @Test
  void invitesList_onlyForFacilitator() {
    Grant alice = facilitator("inv-list");
    Grant bob = api().invitedJoin(alice, "inv-list-bob", "editor");

    web.get().uri("/api/sessions/{id}/invites", alice.sessionId()).headers(h -> h.setBearerAuth(bob.token())).exchange()
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("forbidden");
  }
}
