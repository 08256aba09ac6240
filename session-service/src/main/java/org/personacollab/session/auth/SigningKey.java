package org.personacollab.session.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * session-service's EC P-256 signing key, kept in a JWK file ({@code persona.auth.key-file}) so
 * that tokens stay valid across restarts and every instance signs with the same key.
 *
 * <p>The file holds one private JWK ({@code kty: EC}, {@code crv: P-256}, {@code d}, {@code kid}).
 * On start: an existing file is read (a missing {@code kid} is filled with the key's RFC 7638
 * thumbprint); a missing one is generated if {@code persona.auth.generate-key} is true and
 * refused otherwise. A generated file is readable by its owner only (where the file system has
 * POSIX permissions) and appears atomically: two instances starting together both end up with
 * the one that was written first.
 */
public final class SigningKey {
  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

  private final ECKey privateKey;

  private SigningKey(ECKey privateKey) {
    this.privateKey = privateKey;
  }

  /** Wraps a key (tests). It must be a private EC P-256 key with a {@code kid}. */
  public static SigningKey of(ECKey key) {
    if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate() || key.getKeyID() == null) {
      throw new IllegalArgumentException("a private EC P-256 key with a kid is required");
    }
    return new SigningKey(key);
  }

  /** A fresh key that is not stored anywhere (tests). */
  public static SigningKey generate() {
    try {
      return new SigningKey(
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyIDFromThumbprint(true)
              .issueTime(new Date())
              .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate an EC P-256 key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the key from {@code file}, or creates the file when it is missing and {@code generate}
   * is true.
   *
   * @throws SigningKeyException if the file is missing and {@code generate} is false, cannot be
   *     read or written, or holds no private EC P-256 key
   */
  public static SigningKey loadOrCreate(Path file, boolean generate) {
    if (Files.exists(file)) return load(file);
    if (!generate) {
      throw new SigningKeyException(file,
          "There is no signing key at " + file + " (persona.auth.key-file), and persona.auth.generate-key is false. "
              + "Put the service's EC P-256 private key there as a JWK, point persona.auth.key-file at it, "
              + "or set persona.auth.generate-key=true to create one.");
    }
    SigningKey created = generate();
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".signing-key", ".tmp");
      try {
        ownerOnly(tmp);
        Files.writeString(tmp, created.privateKey.toJSONString(), StandardCharsets.UTF_8);
        Files.move(tmp, file); // no REPLACE_EXISTING: an instance that wrote first wins
      } catch (FileAlreadyExistsException raced) {
        return load(file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SigningKeyException(file, "Cannot create the signing key file " + file + " (persona.auth.key-file): " + e, e);
    }
    log.info("Created a new signing key {} in {}", created.keyId(), file);
    return created;
  }

  private static SigningKey load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SigningKeyException(file, "Cannot read the signing key file " + file + " (persona.auth.key-file): " + e, e);
    }
    try {
      JWK jwk = JWK.parse(text);
      if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()) {
        throw new SigningKeyException(file,
            "The signing key file " + file + " (persona.auth.key-file) does not hold an EC P-256 private key (a JWK with kty EC, crv P-256 and d).");
      }
      if (ec.getKeyID() == null) {
        ec = new ECKey.Builder(ec).keyIDFromThumbprint().build();
      }
      log.info("Using signing key {} from {}", ec.getKeyID(), file);
      return new SigningKey(ec);
    } catch (ParseException | JOSEException e) {
      throw new SigningKeyException(file, "The signing key file " + file + " (persona.auth.key-file) is not a valid JWK: " + e.getMessage(), e);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the folder's ACL, which is the user's profile by default.
    }
  }

  /** The key id ({@code kid}) every token header names. */
  public String keyId() {
    return privateKey.getKeyID();
  }

  /** The private key, for signing. */
  public ECKey privateKey() {
    return privateKey;
  }

  /** The public half, for verifying and publishing. */
  public ECKey publicKey() {
    return privateKey.toPublicJWK();
  }

  /** The JWK Set to publish: {@code {"keys":[{"kty":"EC","crv":"P-256","x":…,"y":…,"kid":…,"use":"sig","alg":"ES256"}]}}. */
  public JWKSet publicJwkSet() {
    ECKey pub = new ECKey.Builder(publicKey()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
    return new JWKSet(pub);
  }
}
