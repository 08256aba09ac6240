package org.personacollab.client;

import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Offline-mode editing of a session whose sync-service runs with
 * {@code collaboration.conflict_resolution: crdt} (ADR 12, docs/offline.md). Fields are
 * last-writer-wins registers, lists add-wins sets. Every change is stamped with the client's hybrid
 * logical clock and shown in {@link PersonaClient#document()} at once, whether or not the client is
 * connected; it is sent as {@code merge} frames (at most 1,000 entries each) once connected, sent
 * again after a reconnect until acknowledged, and never refused as too old.
 *
 * <p>Each Mono completes when the server merged the change (or a later write of the same field
 * that superseded it), and fails with {@link RejectedChangeException} when the server refused the
 * merge that carried it ({@code forbidden}, {@code clock_skew}, {@code not_your_turn},
 * {@code field_locked}, {@code invalid_op} in a session not in crdt mode …): the change is then
 * gone from the document. They fail with {@link ClientClosedException} if the client is closed
 * first. The Monos fail at once, nothing changed, before the first welcome
 * ({@link IllegalStateException}) and for a change the document cannot take
 * ({@link IllegalArgumentException}: a list written as a field, an add to a field that is not a
 * list, an object or list as a field's value, a reserved key such as {@code _crdt}).
 */
public interface CrdtEditor {
  /** Sets the field at {@code path} (field names, e.g. {@code ["demographics","age_range"]}); {@code null} removes it. */
  Mono<Void> set(List<String> path, @Nullable Object value);

  /** Adds {@code value} to the list at {@code path} (at its end; a value already there is added again). */
  Mono<Void> add(List<String> path, @Nullable Object value);

  /** Removes {@code value} from the list at {@code path}: every add of it this client has seen. */
  Mono<Void> remove(List<String> path, @Nullable Object value);

  /**
   * Removes the item at {@code index} of the list at {@code path} as {@link PersonaClient#document()}
   * shows it: that item's add only (a copy of the same value elsewhere in the list stays).
   */
  Mono<Void> removeAt(List<String> path, int index);

  /** How many CRDT entries (field writes, list adds, removed tags) are not yet acknowledged. */
  int pending();
}
