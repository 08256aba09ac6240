package org.personacollab.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.personacollab.cli.CliException;

class InviteRefTest {
  /** An invite-shaped JWT naming session k3v9x2m7qa (the signature does not matter to the CLI). */
  static final String TOKEN = jwt("{\"iss\":\"persona-collab\",\"sid\":\"k3v9x2m7qa\",\"role\":\"editor\",\"typ\":\"invite\"}");

  static String jwt(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
  }

  @Test
  void parse_shareLink_tokenOriginAndSession() {
    InviteRef ref = InviteRef.parse("  http://workshop.example:8080/?invite=" + TOKEN + "&utm=mail ");

    assertThat(ref.token()).isEqualTo(TOKEN);
    assertThat(ref.origin()).contains(URI.create("http://workshop.example:8080"));
    assertThat(ref.sessionId()).contains("k3v9x2m7qa");
  }

  @Test
  void parse_bareToken_noOrigin() {
    InviteRef ref = InviteRef.parse(TOKEN);

    assertThat(ref.origin()).isEmpty();
    assertThat(ref.sessionId()).contains("k3v9x2m7qa");
  }

  @Test
  void sessionId_payloadWithoutSid_orNotJson_isEmpty() {
    assertThat(InviteRef.parse(jwt("{\"role\":\"editor\"}")).sessionId()).isEmpty();
    assertThat(InviteRef.parse(jwt("not json")).sessionId()).isEqualTo(Optional.empty());
  }

  @Test
  void parse_linkWithoutInvite_saysWhatIsMissing() {
    assertThatThrownBy(() -> InviteRef.parse("http://localhost:8080/?session=abc"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("no invite in it");
  }

  @Test
  void parse_neitherLinkNorToken_refused() {
    assertThatThrownBy(() -> InviteRef.parse("abc123"))
        .isInstanceOf(CliException.class)
        .hasMessage("that is neither an invite link nor an invite token: abc123");
  }
}
