package org.personacollab.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The key that signs the gateway's client ids ({@code persona.gateway.client-id-secret}), kept
 * with the data ({@code <data-dir>/keys/gateway.properties}, readable by its owner only) like the
 * token signing key. Without it every gateway start picks a random key, and a client that was
 * connected before a restart cannot resume: its unacknowledged changes are reported lost. The
 * gateway reads the file through {@code spring.config.import}.
 */
final class GatewaySecret {
  static final String FILE = "gateway.properties";
  static final String PROPERTY = "persona.gateway.client-id-secret";

  private GatewaySecret() {}

  /** The file in {@code keysDir}, created with a new random key if there is none yet. */
  static Path ensure(Path keysDir) throws IOException {
    Path file = keysDir.resolve(FILE);
    if (Files.exists(file)) {
      requireKey(file);
      return file;
    }
    Files.createDirectories(keysDir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String text = "# Signs the gateway's client ids so that clients resume across restarts. Written by persona up.\n"
        + PROPERTY + "=" + HexFormat.of().formatHex(key) + "\n";
    // Owner-only from the start where the file system has POSIX permissions; elsewhere (Windows)
    // the data folder's own permissions apply.
    Path temp = keysDir.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? Files.createTempFile(keysDir, ".gateway", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(keysDir, ".gateway", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    requireKey(file);
    return file;
  }

  private static void requireKey(Path file) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    String key = p.getProperty(PROPERTY, "").strip();
    if (key.length() < 16) {
      throw new IOException(file + " must set " + PROPERTY + " to at least 16 characters; delete the file to get a new one");
    }
  }
}
