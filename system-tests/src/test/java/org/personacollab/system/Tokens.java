package org.personacollab.system;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the tokens no honest client can get: real ones re-signed with other claims (an expiry in
 * the past, or a few seconds away), and forgeries (another key, {@code alg: none}, a changed
 * payload under the original signature). The real key is session-service's key file, which the
 * system tests choose ({@code persona.auth.key-file}); ES256 is the JDK's
 * {@code SHA256withECDSAinP1363Format}, which writes the JWS form (r ‖ s) directly.
 */
final class Tokens {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final PrivateKey key;
  private final String kid;

  private Tokens(PrivateKey key, String kid) {
    this.key = key;
    this.kid = kid;
  }

  /** Signs with session-service's own key, read from its key file. */
  static Tokens ofKeyFile(Path keyFile) throws Exception {
    JsonNode jwk = JSON.readTree(Files.readString(keyFile));
    BigInteger d = new BigInteger(1, B64D.decode(jwk.path("d").asString()));
    return new Tokens(KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p256())), jwk.path("kid").asString());
  }

  /** Signs with a fresh P-256 key nobody published, under the real key's {@code kid}. */
  static Tokens foreign(String kid) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return new Tokens(generator.generateKeyPair().getPrivate(), kid);
  }

  String kid() {
    return kid;
  }

  private static ECParameterSpec p256() throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  /** The claims of a token (not verified). */
  static ObjectNode claims(String token) {
    return (ObjectNode) JSON.readTree(B64D.decode(token.split("\\.")[1]));
  }

  /** {@code token}'s claims with some replaced, signed ES256 by this key. */
  String resign(String token, Map<String, Object> changes) {
    ObjectNode claims = claims(token);
    changes.forEach((k, v) -> claims.set(k, JSON.valueToTree(v)));
    return sign(claims);
  }

  /**
   * {@code token} with {@code exp} set to {@code expiresAt} (and {@code iat} an hour before it, as
   * a token issued then would have: a token that expires before it was issued is malformed),
   * signed ES256 by this key.
   */
  String withExpiry(String token, Instant expiresAt) {
    return resign(token, Map.of("exp", expiresAt.getEpochSecond(), "iat", expiresAt.getEpochSecond() - 3600));
  }

  String sign(JsonNode claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kid", kid);
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    String input = part(JSON.valueToTree(header)) + "." + part(claims);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key);
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code token}'s claims, changed, under {@code alg: none} with an empty signature. */
  static String unsigned(String token, Map<String, Object> changes) {
    ObjectNode claims = claims(token);
    changes.forEach((k, v) -> claims.set(k, JSON.valueToTree(v)));
    return part(JSON.valueToTree(Map.of("alg", "none", "typ", "JWT"))) + "." + part(claims) + ".";
  }

  /** {@code token} with its payload changed and its original header and signature kept. */
  static String tampered(String token, Map<String, Object> changes) {
    String[] parts = token.split("\\.");
    ObjectNode claims = claims(token);
    changes.forEach((k, v) -> claims.set(k, JSON.valueToTree(v)));
    return parts[0] + "." + part(claims) + "." + parts[2];
  }

  private static String part(JsonNode json) {
    return B64.encodeToString(JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
  }
}
