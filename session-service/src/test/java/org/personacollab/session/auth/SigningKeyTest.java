package org.personacollab.session.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  @TempDir Path dir;

  @Test
  void missingFile_generated_ownerOnly_andReloadedWithSameKid_tokensStillVerify() throws Exception {
    Path file = dir.resolve("nested/key.json");

    SigningKey first = SigningKey.loadOrCreate(file, true);
    String token = new JwtTokens(first, "persona-collab", Duration.ofHours(1), Duration.ofHours(1), Clock.systemUTC()).userToken("dev:a", "a").token();
    SigningKey second = SigningKey.loadOrCreate(file, true);

    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(second.publicKey()))).isTrue();
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    ECKey stored = ECKey.parse(Files.readString(file));
    assertThat(stored.getCurve()).isEqualTo(Curve.P_256);
    assertThat(stored.isPrivate()).isTrue();
    assertThat(stored.getKeyID()).isEqualTo(first.keyId());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void missingFile_generationOff_refusedNamingFileAndSettings() {
    Path file = dir.resolve("absent.json");

    assertThatThrownBy(() -> SigningKey.loadOrCreate(file, false))
        .isInstanceOf(SigningKeyException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("persona.auth.key-file")
        .hasMessageContaining("persona.auth.generate-key is false");
    assertThat(file).doesNotExist();
  }

  @Test
  void fileWithoutKid_getsThumbprintKid() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate(); // no kid
    Path file = dir.resolve("nokid.json");
    Files.writeString(file, key.toJSONString());

    assertThat(SigningKey.loadOrCreate(file, false).keyId()).isEqualTo(key.computeThumbprint().toString());
  }

  @Test
  void wrongKindsOfFile_refused() throws Exception {
    Map<String, String> files = Map.of(
        "public.json", new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK().toJSONString(),
        "p384.json", new ECKeyGenerator(Curve.P_384).keyID("k").generate().toJSONString(),
        "rsa.json", new RSAKeyGenerator(2048).keyID("k").generate().toJSONString(),
        "garbage.json", "{not json");
    for (var entry : files.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      Files.writeString(file, entry.getValue());
      assertThatThrownBy(() -> SigningKey.loadOrCreate(file, true)).as(entry.getKey())
          .isInstanceOf(SigningKeyException.class).hasMessageContaining(file.toString());
    }
  }

  @Test
  void publicJwkSet_hasNoPrivatePart() {
    var set = SigningKey.generate().publicJwkSet();

    @SuppressWarnings("unchecked")
    var keys = (List<Map<String, Object>>) set.toJSONObject(true).get("keys");
    assertThat(keys).singleElement().satisfies(k -> assertThat(k).doesNotContainKey("d").containsEntry("use", "sig").containsEntry("alg", "ES256"));
    assertThat(set.getKeys().get(0).isPrivate()).isFalse();
  }
}
