package org.personacollab.ot;

import org.personacollab.ot.Component.ListDelete;
import org.personacollab.ot.Component.ListInsert;
import org.personacollab.ot.Component.ListMove;
import org.personacollab.ot.Component.ListReplace;
import org.personacollab.ot.Component.NumberAdd;
import org.personacollab.ot.Component.ObjectDelete;
import org.personacollab.ot.Component.ObjectInsert;
import org.personacollab.ot.Component.ObjectReplace;
import org.personacollab.ot.Component.StringDelete;
import org.personacollab.ot.Component.StringInsert;
import org.jspecify.annotations.Nullable;

/**
 * json0 thinks of a component as an object with optional fields ({@code c.li !== undefined});
 * these helpers ask the records the same questions, so that {@link Transformer} and
 * {@link Composer} read like the rules in spec.md.
 */
final class Kinds {
  private Kinds() {}

  static boolean hasLi(Component c) {
    return c instanceof ListInsert || c instanceof ListReplace;
  }

  static boolean hasLd(Component c) {
    return c instanceof ListDelete || c instanceof ListReplace;
  }

  static boolean hasOi(Component c) {
    return c instanceof ObjectInsert || c instanceof ObjectReplace;
  }

  static boolean hasOd(Component c) {
    return c instanceof ObjectDelete || c instanceof ObjectReplace;
  }

  static boolean isStr(Component c) {
    return c instanceof StringInsert || c instanceof StringDelete;
  }

  static @Nullable Object li(Component c) {
    return c instanceof ListInsert x ? x.value() : ((ListReplace) c).newValue();
  }

  static @Nullable Object ld(Component c) {
    return c instanceof ListDelete x ? x.value() : ((ListReplace) c).oldValue();
  }

  static @Nullable Object oi(Component c) {
    return c instanceof ObjectInsert x ? x.value() : ((ObjectReplace) c).newValue();
  }

  static @Nullable Object od(Component c) {
    return c instanceof ObjectDelete x ? x.value() : ((ObjectReplace) c).oldValue();
  }

  /** Length of the path json0 reasons about: a number add acts inside its number, one level down. */
  static int pathLength(Component c) {
    return c.path().size() + (c instanceof NumberAdd ? 1 : 0);
  }

  static Component withPath(Component c, Path p) {
    if (c instanceof ObjectInsert x) {
      return new ObjectInsert(p, x.value());
    } else if (c instanceof ObjectDelete x) {
      return new ObjectDelete(p, x.value());
    } else if (c instanceof ObjectReplace x) {
      return new ObjectReplace(p, x.oldValue(), x.newValue());
    } else if (c instanceof ListInsert x) {
      return new ListInsert(p, x.value());
    } else if (c instanceof ListDelete x) {
      return new ListDelete(p, x.value());
    } else if (c instanceof ListReplace x) {
      return new ListReplace(p, x.oldValue(), x.newValue());
    } else if (c instanceof ListMove x) {
      return new ListMove(p, x.to());
    } else if (c instanceof NumberAdd x) {
      return new NumberAdd(p, x.amount());
    } else if (c instanceof StringInsert x) {
      return new StringInsert(p, x.text());
    } else {
      return new StringDelete(p, ((StringDelete) c).text());
    }
  }

  /** The json0 field names of a component, e.g. "li+ld", for messages. */
  static String fields(Component c) {
    if (c instanceof ObjectInsert) {
      return "oi";
    } else if (c instanceof ObjectDelete) {
      return "od";
    } else if (c instanceof ObjectReplace) {
      return "oi+od";
    } else if (c instanceof ListInsert) {
      return "li";
    } else if (c instanceof ListDelete) {
      return "ld";
    } else if (c instanceof ListReplace) {
      return "li+ld";
    } else if (c instanceof ListMove) {
      return "lm";
    } else if (c instanceof NumberAdd) {
      return "na";
    } else if (c instanceof StringInsert) {
      return "si";
    } else {
      return "sd";
    }
  }

  static String describe(Component c) {
    return fields(c) + " at " + c.path();
  }
}
