package org.personacollab.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.Op;
import org.personacollab.ot.Side;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Undo and redo of one client's own changes, never of anybody else's.
 *
 * <h2>How</h2>
 *
 * Every {@link DocumentEvent.Kind#LOCAL} change this client makes pushes its inverse on the undo
 * stack. Before an inverse can be applied it must be brought to the present, past everything that
 * happened since: each {@link DocumentEvent.Kind#REMOTE} op (and each rollback of a refused
 * change) is transformed back through the stack, newest entry first. The newest inverse applies
 * to the current document; the remote op transformed past it ({@code transform(r, u, RIGHT)}) is
 * in the context of the next older entry, and so on. So undo removes only what this client did,
 * even when others have since typed around it or into the same text, and redo puts it back. A new
 * change (not an undo or redo) clears the redo stack; a {@link DocumentEvent.Kind#RESET} clears
 * both, since the document they were made against is gone.
 *
 * <h2>Consistency with the client</h2>
 *
 * Events reach this class after the client has released its lock, so at the moment an undo is
 * built (under the lock, in {@link PersonaClient#submitWith}) the client may already hold a remote
 * op this class has not seen. The undo is then not built from a stale stack: the build gives up
 * (an empty op) and is tried again once the events have arrived. The document of the last event
 * seen is compared by identity with the client's (documents are immutable, and the client hands
 * out the same instance), which tells the two cases apart exactly.
 *
 * <p>Thread-safe. The same web-page behaviour lives in {@code gateway-service/.../js/undo.mjs}.
 */
public final class UndoHistory implements AutoCloseable {
  private static final int MAX_ATTEMPTS = 50;

  private final PersonaClient client;
  private final int limit;
  private final Deque<Op> undo = new ArrayDeque<>();
  private final Deque<Op> redo = new ArrayDeque<>();
  /** Ops this class submitted, in order, so their LOCAL events are not recorded as new changes. */
  private final Deque<Op> own = new ArrayDeque<>();
  private @Nullable Object seen;
  private final Disposable subscription;

  private UndoHistory(PersonaClient client, int limit) {
    this.client = client;
    this.limit = limit;
    this.seen = client.document();
    this.subscription = client.changes().subscribe(this::onEvent);
  }

  /**
   * Follows {@code client}'s changes from now on, keeping at most {@code limit} undo steps.
   * Attach before the client makes the changes that should be undoable.
   */
  public static UndoHistory attach(PersonaClient client, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    return new UndoHistory(Objects.requireNonNull(client, "client"), limit);
  }

  /** {@link #attach(PersonaClient, int)} with 100 steps. */
  public static UndoHistory attach(PersonaClient client) {
    return attach(client, 100);
  }

  public synchronized boolean canUndo() {
    return !undo.isEmpty();
  }

  public synchronized boolean canRedo() {
    return !redo.isEmpty();
  }

  /**
   * Undoes this client's last change still on the stack. Completes with {@code true} once the
   * server has sequenced the undo, {@code false} when there was nothing to undo; errors as
   * {@link PersonaClient#submit} does.
   */
  public Mono<Boolean> undo() {
    return step(true);
  }

  /** Redoes the last undone change. Like {@link #undo()}. */
  public Mono<Boolean> redo() {
    return step(false);
  }

  private Mono<Boolean> step(boolean isUndo) {
    return Mono.defer(
        () -> {
          AtomicBoolean stale = new AtomicBoolean();
          AtomicBoolean empty = new AtomicBoolean();
          return client
              .submitWith(
                  doc -> {
                    synchronized (this) {
                      if (doc != seen) {
                        stale.set(true); // the client holds changes not yet delivered to us
                        return Op.EMPTY;
                      }
                      Deque<Op> from = isUndo ? undo : redo;
                      Op op = from.pollLast();
                      if (op == null) {
                        empty.set(true);
                        return Op.EMPTY;
                      }
                      (isUndo ? redo : undo).addLast(Json0.invert(op));
                      own.addLast(op);
                      return op;
                    }
                  })
              .then(Mono.fromCallable(() -> {
                if (stale.get()) throw new StaleHistory();
                return !empty.get();
              }));
        })
        .retryWhen(reactor.util.retry.Retry.fixedDelay(MAX_ATTEMPTS, java.time.Duration.ofMillis(5))
            .filter(StaleHistory.class::isInstance));
  }

  private synchronized void onEvent(DocumentEvent event) {
    switch (event.kind()) {
      case LOCAL -> {
        if (!own.isEmpty() && own.peekFirst() == event.op()) {
          own.pollFirst(); // our own undo or redo: already accounted for
        } else if (!event.op().isEmpty()) {
          undo.addLast(Json0.invert(event.op()));
          if (undo.size() > limit) undo.pollFirst();
          redo.clear();
        }
      }
      case REMOTE, ROLLBACK -> {
        moveBack(undo, event.op());
        moveBack(redo, event.op());
      }
      case RESET -> {
        undo.clear();
        redo.clear();
        own.clear();
      }
    }
    seen = event.document();
  }

  /** Brings every entry past {@code r} (an op applied after all of them), newest first. */
  private static void moveBack(Deque<Op> stack, Op r) {
    List<Op> moved = new ArrayList<>(stack.size());
    Op other = r;
    var it = stack.descendingIterator();
    while (it.hasNext()) {
      Op entry = it.next();
      moved.add(Json0.transform(entry, other, Side.LEFT));
      other = Json0.transform(other, entry, Side.RIGHT);
    }
    stack.clear();
    for (int i = moved.size() - 1; i >= 0; i--) {
      if (!moved.get(i).isEmpty()) stack.addLast(moved.get(i));
    }
  }

  @Override
  public void close() {
    subscription.dispose();
  }

  /** The undo was built while events were still on their way: build it again. */
  private static final class StaleHistory extends RuntimeException {
    StaleHistory() {
      super("the client's document moved on; trying again", null, false, false);
    }
  }
}
