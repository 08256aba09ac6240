package org.personacollab.ot;

/**
 * The one exception of the engine: a stable {@link ErrorCode}, a message that names the component
 * and the reason, and the index of the offending component (or -1 when it is not about one).
 * {@link #getMessage()} reads {@code "<code>: <message>"}, the conformance runner's error form.
 */
public final class OtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String reason;
  private final int component;

  public OtException(ErrorCode code, String reason) {
    this(code, reason, -1);
  }

  public OtException(ErrorCode code, String reason, int component) {
    super(code.code() + ": " + reason, null, false, false);
    this.code = code;
    this.reason = reason;
    this.component = component;
  }

  /** The stable machine code. */
  public ErrorCode code() {
    return code;
  }

  /** The human message without the code prefix. */
  public String reason() {
    return reason;
  }

  /** Index of the offending component in its op, or -1. */
  public int component() {
    return component;
  }
}
