package org.personacollab.ot.crdt;

/** A CRDT update that cannot be merged; nothing was changed. {@link #kind} says why. */
public final class CrdtException extends RuntimeException {
  /** Why an update was refused. */
  public enum Kind {
    /** Malformed: not the update format, a bad path or timestamp, a list where a value belongs, too many changes. */
    INVALID,
    /** A timestamp further in the future than the allowed clock drift. */
    CLOCK_SKEW
  }

  private final Kind kind;

  public CrdtException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
