package org.personacollab.client;

import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Op;

/**
 * One change of the client's copy of the document, in the order the client made them. Applying
 * every event's {@link #op()} in order to the previous document gives {@link #document()}: a
 * subscriber can mirror the document from the events alone, starting from {@code null} before
 * the first {@link Kind#RESET}.
 *
 * <pre>
 * kind      op                                   version                 author
 * LOCAL     the change as submitted               the client's, unchanged  this client's name
 * REMOTE    another participant's op, as applied  the op's v + 1           its user_id
 * ROLLBACK  the undo of a refused local change    the client's, unchanged  this client's name
 * RESET     {"p":[],"od":before,"oi":snapshot}    the snapshot's version   null
 * </pre>
 *
 * @param kind what happened
 * @param op the json0 op that took the previous document to {@link #document()}
 * @param version the client's version after the event: the number of sequenced ops its document
 *     contains (local changes not yet acknowledged are not counted)
 * @param author the {@code user_id} of the author; the client's own name for local changes and
 *     rollbacks, null for a reset
 * @param document the whole document after the event (immutable; shares structure with the
 *     previous one)
 */
public record DocumentEvent(Kind kind, Op op, long version, @Nullable String author, @Nullable Object document) {
  /** What caused a document change. */
  public enum Kind {
    /** A change made by this client ({@link PersonaClient#submit}), applied at once (local echo). */
    LOCAL,
    /** A sequenced op of another participant (or of the server), transformed past local changes. */
    REMOTE,
    /** A local change the server refused, undone; the op is the undo. */
    ROLLBACK,
    /**
     * The document was replaced by a snapshot: the first welcome, or a reconnect whose resume the
     * server refused (local changes not acknowledged were lost, see {@link ChangeLostException}).
     */
    RESET
  }

  /** True for events caused by this client: {@link Kind#LOCAL} and {@link Kind#ROLLBACK}. */
  public boolean local() {
    return kind == Kind.LOCAL || kind == Kind.ROLLBACK;
  }
}
