package org.personacollab.ot;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A json0 op: components applied in order. The wire form is a JSON list of component objects,
 * e.g. {@code [{"p":["goals",0],"li":"Ship it"},{"p":["name",0],"si":"Dr "}]}.
 *
 * <p>Build ops from decoded JSON with {@link #fromPlain} (what other modules receive from the
 * wire), from text with {@link #parse}, or from {@link Component} records with {@link #of};
 * {@link #toPlain} and {@link #toString} give the wire form back. Malformed input raises
 * {@link OtException} with {@link ErrorCode#BAD_OP}, {@link ErrorCode#BAD_COMPONENT} or
 * {@link ErrorCode#BAD_PATH} and a message naming the component index and field.
 *
 * @param components the components, an immutable list
 */
public record Op(List<Component> components) {
  /** The op that does nothing. */
  public static final Op EMPTY = new Op(List.of());

  public Op {
    components = List.copyOf(components);
  }

  /** An op of the given components. */
  public static Op of(Component... components) {
    return new Op(List.of(components));
  }

  /** An op from its plain form: a {@code List} of {@code Map<String, Object>} as decoded from JSON. */
  public static Op fromPlain(@Nullable Object plain) {
    return OpCodec.fromPlain(plain);
  }

  /** An op from JSON text; malformed text is {@link ErrorCode#MALFORMED_JSON}. */
  public static Op parse(String json) {
    return OpCodec.fromPlain(JsonCodec.parse(json));
  }

  /** The plain form: an immutable {@code List} of {@code Map<String, Object>} (paths use Long). */
  public List<Object> toPlain() {
    return OpCodec.toPlain(this);
  }

  /** Number of components. */
  public int size() {
    return components.size();
  }

  /** True when the op has no components. */
  public boolean isEmpty() {
    return components.isEmpty();
  }

  /** The JSON wire form, e.g. {@code [{"p":["age"],"na":1}]}. */
  @Override
  public String toString() {
    return JsonWriter.write(toPlain());
  }
}
