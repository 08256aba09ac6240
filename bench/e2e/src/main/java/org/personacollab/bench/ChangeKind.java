package org.personacollab.bench;

/**
 * What one participant's change does; each kind's json0 shape and where its marker is.
 *
 * <pre>
 * kind         component                          marker
 * TYPE         si of one character at the caret   the character
 * BACKSPACE    sd of the participant's last typed  the deleted character
 *              (acknowledged) character
 * LIST_INSERT  li of "item &lt;m&gt;" at a random index  inside the item
 * LIST_DELETE  ld of one of the participant's own  inside the deleted item
 *              (acknowledged) items
 * REPLACE      od+oi of a short string field       inside the new value
 * </pre>
 *
 * A kind that cannot be made (nothing acknowledged to delete yet, the previous replace not yet
 * acknowledged) falls back to an insert; the report shows the kinds actually made.
 */
enum ChangeKind {
  TYPE("type", false),
  BACKSPACE("backspace", true),
  LIST_INSERT("list-insert", false),
  LIST_DELETE("list-delete", true),
  REPLACE("replace", false);

  final String label;
  /** True if the change removes an earlier marker rather than adding a new one. */
  final boolean deletes;

  ChangeKind(String label, boolean deletes) {
    this.label = label;
    this.deletes = deletes;
  }

  static ChangeKind ofLabel(String label) {
    for (ChangeKind k : values()) if (k.label.equals(label)) return k;
    throw new IllegalArgumentException(
        "unknown change kind '" + label + "'; one of type, backspace, list-insert, list-delete, replace");
  }
}
