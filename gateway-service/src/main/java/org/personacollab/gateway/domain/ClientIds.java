package org.personacollab.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client ids the gateway hands out in {@code welcome}: {@code c<12 random hex>.<tag>}, where the
 * tag is an HMAC of the session and the random part. A resuming client presents its id again; the
 * tag proves this gateway (or one sharing {@code persona.gateway.client-id-secret}) issued it for
 * that session, so nobody can take over another client's id (and with it its acks, nacks and
 * sequence numbers).
 */
public final class ClientIds {
  private static final HexFormat HEX = HexFormat.of();
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public ClientIds(byte[] secret) {
    if (secret.length < 16) throw new IllegalArgumentException("the client id secret needs at least 16 bytes");
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** A new id for a connection to {@code sessionId}. */
  public String issue(String sessionId) {
    byte[] id = new byte[6];
    random.nextBytes(id);
    String body = "c" + HEX.formatHex(id);
    return body + "." + tag(sessionId, body);
  }

  /** True if {@code clientId} was issued for {@code sessionId} with this secret. */
  public boolean isValid(String sessionId, String clientId) {
    int dot = clientId.lastIndexOf('.');
    if (dot <= 0) return false;
    String body = clientId.substring(0, dot);
    byte[] expected = tag(sessionId, body).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = clientId.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  private String tag(String sessionId, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal((sessionId + "\n" + body).getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
