package org.personacollab.ot;

/**
 * Stable machine codes of the engine's errors. The wire form is {@link #code()} (snake case);
 * messages are for humans and may change. The table in {@code spec.md} says when each is raised.
 */
public enum ErrorCode {
  /** The op is not a list of components. */
  BAD_OP("bad_op"),
  /** A component is not an object, has no instruction, an unknown field, or a field of the wrong type. */
  BAD_COMPONENT("bad_component"),
  /** A path is missing, holds something other than keys and indexes, or does not fit the instruction. */
  BAD_PATH("bad_path"),
  /** The value a component addresses has the wrong type (na on a string, li on an object, ...). */
  TYPE_MISMATCH("type_mismatch"),
  /** A list index or string offset lies outside the list or string. */
  INDEX_OUT_OF_RANGE("index_out_of_range"),
  /** An object key on the path, or the key to delete, is not there. */
  MISSING_KEY("missing_key"),
  /** {@code oi} without {@code od} names a key that already exists. */
  KEY_EXISTS("key_exists"),
  /** What {@code od}, {@code ld} or {@code sd} says it deletes is not what the document holds. */
  VALUE_MISMATCH("value_mismatch"),
  /** A number is not finite, or a sum overflows to infinity. */
  BAD_NUMBER("bad_number"),
  /** Two ops cannot have been made against the same document (e.g. they delete different text). */
  TRANSFORM_CONFLICT("transform_conflict"),
  /** A transform side other than left or right. */
  BAD_SIDE("bad_side"),
  /** Text that is not JSON. */
  MALFORMED_JSON("malformed_json"),
  /** A conformance request without a known {@code fn} or a required field. */
  BAD_REQUEST("bad_request");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The stable wire form, e.g. {@code "index_out_of_range"}. */
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }
}
