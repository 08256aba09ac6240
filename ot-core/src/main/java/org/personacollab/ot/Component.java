package org.personacollab.ot;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One json0 component: a path and one instruction. Inserted and deleted values are frozen
 * (immutable, canonical numbers) when the record is made. Wire forms, with valid and invalid
 * examples (spec.md has them all):
 *
 * <pre>
 * ObjectInsert   {"p":["title"],"oi":"Lead"}              invalid: {"p":[0],"oi":1} (index, not key)
 * ObjectDelete   {"p":["title"],"od":"Lead"}              invalid: {"p":[],"od":{}} (the root cannot go)
 * ObjectReplace  {"p":["title"],"od":"Lead","oi":"Head"}  {"p":[],"od":D,"oi":E} replaces the document
 * ListInsert     {"p":["goals",0],"li":"Ship"}            invalid: {"p":["goals"],"li":"x"} (no index)
 * ListDelete     {"p":["goals",0],"ld":"Ship"}
 * ListReplace    {"p":["goals",0],"ld":"Ship","li":"Sail"}
 * ListMove       {"p":["goals",0],"lm":2}                 invalid: {"p":["goals",0],"lm":-1}
 * NumberAdd      {"p":["demographics","age"],"na":1}      invalid: {"p":["x"],"na":"1"}
 * StringInsert   {"p":["name",3],"si":"é"}                offsets count UTF-16 code units
 * StringDelete   {"p":["name",3],"sd":"é"}                invalid: {"p":["name"],"sd":"x"} (no offset)
 * </pre>
 */
public sealed interface Component
    permits Component.ObjectInsert, Component.ObjectDelete, Component.ObjectReplace,
        Component.ListInsert, Component.ListDelete, Component.ListReplace, Component.ListMove,
        Component.NumberAdd, Component.StringInsert, Component.StringDelete {

  /** Where the component acts; for string components the last element is the offset. */
  Path path();

  /** The wire form, e.g. {@code {"p":["goals",0],"li":"Ship"}}, as an immutable map. */
  default Map<String, @Nullable Object> toPlain() {
    return OpCodec.toPlain(this);
  }

  /** {@code oi}: adds a key that is not there (or, at the root, see ObjectReplace). */
  record ObjectInsert(Path path, @Nullable Object value) implements Component {
    public ObjectInsert {
      requireKey(path, true, "oi");
      value = Values.freeze(value);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code od}: removes a key, whose current value must equal {@code value}. */
  record ObjectDelete(Path path, @Nullable Object value) implements Component {
    public ObjectDelete {
      requireKey(path, false, "od");
      value = Values.freeze(value);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code od}+{@code oi}: replaces the value at a key (or the whole document at the root). */
  record ObjectReplace(Path path, @Nullable Object oldValue, @Nullable Object newValue) implements Component {
    public ObjectReplace {
      requireKey(path, true, "oi/od");
      oldValue = Values.freeze(oldValue);
      newValue = Values.freeze(newValue);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code li}: inserts before index {@code path.last()} (which may equal the list's length). */
  record ListInsert(Path path, @Nullable Object value) implements Component {
    public ListInsert {
      requireIndex(path, "li");
      value = Values.freeze(value);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code ld}: removes the element at the index, which must equal {@code value}. */
  record ListDelete(Path path, @Nullable Object value) implements Component {
    public ListDelete {
      requireIndex(path, "ld");
      value = Values.freeze(value);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code ld}+{@code li}: replaces the element at the index. */
  record ListReplace(Path path, @Nullable Object oldValue, @Nullable Object newValue) implements Component {
    public ListReplace {
      requireIndex(path, "li/ld");
      oldValue = Values.freeze(oldValue);
      newValue = Values.freeze(newValue);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code lm}: moves the element at index {@code path.last()} so that it ends up at index {@code to}. */
  record ListMove(Path path, int to) implements Component {
    public ListMove {
      requireIndex(path, "lm");
      if (to < 0) {
        throw new OtException(ErrorCode.BAD_COMPONENT, "field \"lm\" must be a non-negative integer, not " + to);
      }
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code na}: adds {@code amount} to the number at the path. */
  record NumberAdd(Path path, Number amount) implements Component {
    public NumberAdd {
      if (!Double.isFinite(amount.doubleValue())) {
        throw new OtException(ErrorCode.BAD_COMPONENT, "field \"na\" must be a finite number, not " + amount);
      }
      amount = Values.number(amount);
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code si}: inserts text at the UTF-16 offset {@code path.last()} of the string at {@code path.parent()}. */
  record StringInsert(Path path, String text) implements Component {
    public StringInsert {
      requireOffset(path, "si");
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  /** {@code sd}: deletes {@code text}, which must be there, at the UTF-16 offset {@code path.last()}. */
  record StringDelete(Path path, String text) implements Component {
    public StringDelete {
      requireOffset(path, "sd");
    }

    @Override
    public String toString() {
      return OpCodec.text(this);
    }
  }

  private static void requireKey(Path path, boolean rootAllowed, String what) {
    if (path.isRoot()) {
      if (!rootAllowed) {
        throw new OtException(ErrorCode.BAD_PATH, "the document root cannot be deleted (use oi+od to replace it)");
      }
      return;
    }
    if (!(path.last() instanceof String)) {
      throw new OtException(ErrorCode.BAD_PATH, "an object key must be a string, not " + path.last() + " (" + what + ")");
    }
  }

  private static void requireIndex(Path path, String what) {
    if (path.isRoot() || !(path.last() instanceof Integer)) {
      throw new OtException(ErrorCode.BAD_PATH, "a list index (non-negative integer) must end the path (" + what + ")");
    }
  }

  private static void requireOffset(Path path, String what) {
    if (path.isRoot() || !(path.last() instanceof Integer)) {
      throw new OtException(ErrorCode.BAD_PATH, "a string offset (non-negative integer) must end the path (" + what + ")");
    }
  }
}
