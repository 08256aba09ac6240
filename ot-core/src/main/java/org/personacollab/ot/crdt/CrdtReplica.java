package org.personacollab.ot.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;

/**
 * A client's copy of a session in offline mode: the server's document as of the last op received
 * ({@link #server}, {@link #version}), and the changes made here that the server has not
 * acknowledged, as one CRDT update ({@link #pending}). Local changes are stamped by the replica's
 * {@link HlcClock} and are accepted whether or not a socket is open; {@link #view} is what the
 * user sees: the server's document with the pending changes merged in.
 *
 * <p>Sending: {@link #drain} cuts the pending changes into updates of at most
 * {@code maxEntries} entries, each to be sent as one {@code merge} frame with the next
 * {@code seq}. They stay pending until {@link #acknowledged}; after a reconnect the owner drains
 * again and sends what is still pending with new numbers. That is safe because a merge is
 * idempotent: an update the server had already merged changes nothing the second time.
 *
 * <p>Receiving: {@link #onOp} applies each sequenced op in order, one's own included (the server's
 * op is the merge as it happened, so it is applied like any other). Not thread-safe.
 */
public final class CrdtReplica {
  private final HlcClock clock;
  private final LongSupplier wall;
  private @Nullable Object server;
  private long version;
  private CrdtState pending = CrdtState.EMPTY;
  private final List<CrdtState> sent = new ArrayList<>();

  /** A replica named {@code node} (the client id), starting from a welcome's snapshot and version. */
  public CrdtReplica(String node, LongSupplier wall, @Nullable Object snapshot, long version) {
    this.clock = new HlcClock(node, wall);
    this.wall = wall;
    this.server = JsonCodec.freeze(snapshot);
    this.version = version;
    CrdtState known = CrdtDocument.stateOf(server);
    Hlc latest = known.latest();
    if (latest != null) clock.observe(latest);
  }

  /** Sets a field ({@code null} removes it). */
  public void write(List<String> path, @Nullable Object value) {
    pending = pending.merge(CrdtState.write(path, value, clock.tick()));
  }

  /** Adds a value to a list field. */
  public void add(List<String> path, @Nullable Object value) {
    pending = pending.merge(CrdtState.add(path, value, clock.tick()));
  }

  /** Removes a value from a list field: the adds of it this replica has seen (an unseen add survives). */
  public void remove(List<String> path, @Nullable Object value) {
    pending = pending.merge(CrdtDocument.stateOf(view()).removal(path, value));
  }

  /** The pending changes, cut into updates to send (they stay pending until acknowledged). */
  public List<CrdtState> drain(int maxEntries) {
    List<CrdtState> out = pending.split(maxEntries);
    sent.clear();
    sent.addAll(out);
    return out;
  }

  /**
   * The server sequenced {@code update} (its ack arrived): it is no longer pending unless changed
   * since. Entries written again locally in the meantime stay.
   */
  public void acknowledged(CrdtState update) {
    // What is pending minus what the ack covers: rebuild from the pieces not in the update.
    CrdtState rest = CrdtState.EMPTY;
    CrdtState covered = update;
    for (CrdtState piece : pending.split(1)) {
      if (!covered.merge(piece).equals(covered)) rest = rest.merge(piece);
    }
    pending = rest;
    sent.remove(update);
  }

  /** A sequenced op at version {@code v}; ops must come in order (the owner resyncs on a gap). */
  public void onOp(long v, Op op) {
    if (v != version) throw new IllegalStateException("expected op " + version + ", got " + v);
    server = Json0.apply(server, op);
    version++;
    Hlc latest = CrdtDocument.stateOf(server).latest();
    if (latest != null) clock.observe(latest);
  }

  /** The document the user sees: the server's with the pending changes merged in (reserved key kept). */
  public Object view() {
    return pending.isEmpty() && server != null ? server : CrdtDocument.merge(server, pending, "local", wall.getAsLong());
  }

  /** The server's document as of {@link #version}. */
  public @Nullable Object server() {
    return server;
  }

  /** How many sequenced ops the server document contains. */
  public long version() {
    return version;
  }

  /** The changes not yet acknowledged. */
  public CrdtState pending() {
    return pending;
  }
}
