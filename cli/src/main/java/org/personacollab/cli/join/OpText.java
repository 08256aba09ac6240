package org.personacollab.cli.join;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.crdt.CrdtDocument;

/**
 * A json0 op in words, one phrase per component, for the live feed:
 *
 * <pre>
 * {"p":["demographics","age"],"od":33,"oi":34}   set demographics.age = 34
 * {"p":["goals",2],"li":"Ship"}                 added goals[2] = "Ship"
 * {"p":["name",0],"si":"Dr "}                   typed "Dr " into name at 0
 * {"p":[],"od":{...},"oi":{...}}                 replaced the persona = {...}
 * </pre>
 *
 * Values longer than {@value #MAX_VALUE} characters are cut with an ellipsis.
 */
public final class OpText {
  static final int MAX_VALUE = 60;

  private OpText() {}

  /** The op in words, one phrase per component, joined with {@code "; "}. */
  public static String describe(Op op) {
    if (op.isEmpty()) {
      return "no change";
    }
    List<String> parts = new ArrayList<>();
    for (Component c : op.components()) {
      // A merge's bookkeeping (the CRDT state under _crdt, docs/offline.md) is not a change to tell.
      if (!c.path().isRoot() && CrdtDocument.KEY.equals(c.path().get(0))) continue;
      parts.add(describe(c));
    }
    return parts.isEmpty() ? "merged offline changes" : String.join("; ", parts);
  }

  private static String describe(Component c) {
    String at = FieldPath.render(c.path().elements());
    if (c instanceof Component.ObjectInsert oi) {
      return "set " + at + " = " + value(oi.value());
    }
    if (c instanceof Component.ObjectReplace or) {
      return (c.path().isRoot() ? "replaced " : "set ") + at + " = " + value(or.newValue());
    }
    if (c instanceof Component.ObjectDelete) {
      return "removed " + at;
    }
    if (c instanceof Component.ListInsert li) {
      return "added " + at + " = " + value(li.value());
    }
    if (c instanceof Component.ListReplace lr) {
      return "set " + at + " = " + value(lr.newValue());
    }
    if (c instanceof Component.ListDelete) {
      return "removed " + at;
    }
    if (c instanceof Component.ListMove lm) {
      return "moved " + at + " to [" + lm.to() + "]";
    }
    if (c instanceof Component.NumberAdd na) {
      return "added " + JsonCodec.write(na.amount()) + " to " + at;
    }
    String field = FieldPath.render(c.path().parent().elements());
    Object offset = c.path().last();
    if (c instanceof Component.StringInsert si) {
      return "typed " + value(si.text()) + " into " + field + " at " + offset;
    }
    Component.StringDelete sd = (Component.StringDelete) c;
    return "deleted " + value(sd.text()) + " from " + field + " at " + offset;
  }

  private static String value(@Nullable Object value) {
    String json = JsonCodec.write(value);
    return json.length() <= MAX_VALUE ? json : json.substring(0, MAX_VALUE - 1) + "…";
  }
}
