package org.personacollab.ot;

/**
 * Which op wins a tie in {@link Json0#transform}. ShareDB's convention: the sequencer transforms a
 * submitted op against each committed op it had not seen with {@code LEFT}; a client transforms its
 * own pending ops with {@code LEFT} and the incoming op with {@code RIGHT}.
 */
public enum Side {
  LEFT("left"),
  RIGHT("right");

  private final String wire;

  Side(String wire) {
    this.wire = wire;
  }

  /** {@code "left"} or {@code "right"}. */
  public String wire() {
    return wire;
  }

  /** Parses {@code "left"} or {@code "right"}; anything else is {@link ErrorCode#BAD_SIDE}. */
  public static Side of(Object wire) {
    if ("left".equals(wire)) {
      return LEFT;
    }
    if ("right".equals(wire)) {
      return RIGHT;
    }
    throw new OtException(ErrorCode.BAD_SIDE, "side must be \"left\" or \"right\", not " + Values.abbrev(wire));
  }
}
