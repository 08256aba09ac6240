package org.personacollab.protocol;

/**
 * A frame or record that cannot be accepted, with the stable {@link ErrorCode} to send back and a
 * message that tells a human what was wrong (naming the field where there is one).
 */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ProtocolException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
