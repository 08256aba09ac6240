package org.personacollab.session.auth;

import java.nio.file.Path;

/**
 * The signing key cannot be used: missing while {@code persona.auth.generate-key} is off, not
 * readable, or not an EC P-256 private key. Stops start-up with a message naming the file and the
 * setting (see {@code SigningKeyFailureAnalyzer}).
 */
public final class SigningKeyException extends RuntimeException {
  private final Path file;

  public SigningKeyException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  public SigningKeyException(Path file, String message) {
    super(message);
    this.file = file;
  }

  /** The key file concerned. */
  public Path file() {
    return file;
  }
}
