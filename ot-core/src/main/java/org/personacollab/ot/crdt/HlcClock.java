package org.personacollab.ot.crdt;

import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One replica's hybrid logical clock: every {@link #tick} is later than every timestamp the
 * replica made or {@link #observe observed} before, and follows the wall clock when it can. A
 * replica whose wall clock runs behind a timestamp it has seen keeps counting past that
 * timestamp instead of going back, so its writes still win over the ones it saw.
 *
 * <p>Not thread-safe; the owner serialises calls.
 */
public final class HlcClock {
  private final String node;
  private final LongSupplier wall;
  private @Nullable Hlc last;

  /** A clock for replica {@code node} reading {@code wall} (e.g. {@code System::currentTimeMillis}). */
  public HlcClock(String node, LongSupplier wall) {
    new Hlc(0, 0, node); // validates the node id
    this.node = node;
    this.wall = wall;
  }

  /** A timestamp for a local write, later than every one made or observed so far. */
  public Hlc tick() {
    long now = wall.getAsLong();
    Hlc t = last == null ? new Hlc(Math.max(0, now), 0, node) : last.next(now, node);
    last = t;
    return t;
  }

  /** Takes in a timestamp from elsewhere (a merged write), so later ticks come after it. */
  public void observe(Hlc seen) {
    // The next tick is strictly later than last, whichever replica last came from.
    if (last == null || seen.compareTo(last) > 0) last = seen;
  }

  /** This replica's id. */
  public String node() {
    return node;
  }
}
