package org.personacollab.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.ot.Path;
import org.personacollab.ot.Position;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.frame.Welcome;
import tools.jackson.databind.JsonNode;

/**
 * Where the other participants are, with their carets kept valid as the document moves on
 * (docs/protocol.md, "Presence"). A {@code presence} frame describes the document at its
 * {@code v}; this class holds every entry at the version of the last sequenced op it was fed and
 * moves focus, caret and selection through each later op with {@link Json0#transformPosition}: a
 * list insert before the field shifts its index, text typed before the caret pushes it right, and
 * a field that is removed or replaced loses focus and caret. An entry from ahead of this client
 * (presence travels through Redis, ops through Kafka) waits until the ops up to its version
 * arrive; one from behind is brought forward through the recent ops kept here, or keeps only its
 * focus if they are gone.
 *
 * <p>Feed it every server frame in order ({@link PersonaClient#frames()}); it reads
 * {@code welcome}, {@code op}, {@code presence} and {@code user_left}. Thread-safe.
 *
 * <pre>{@code
 * RemoteCarets carets = new RemoteCarets();
 * client.frames().filter(carets::accept).subscribe(f -> redraw(carets.current()));
 * }</pre>
 */
public final class RemoteCarets {
  /** How many recent ops are kept to bring a late presence frame forward. */
  static final int RECENT_OPS = 256;

  /**
   * One connection of a participant at {@link RemoteCarets#version()}: {@code focus} the path of
   * the field (null: nowhere), {@code caret} a UTF-16 offset in it, {@code selection}
   * {@code [start, end]}.
   */
  public record Caret(
      String clientId,
      String userId,
      String name,
      String color,
      @Nullable List<Object> focus,
      @Nullable Integer caret,
      @Nullable List<Integer> selection) {}

  private final Map<String, Caret> shown = new LinkedHashMap<>();
  private final Map<String, PresenceFrame> ahead = new HashMap<>();
  private final Deque<Op> recent = new ArrayDeque<>(); // ops version-recent.size() … version-1
  private long version = -1;

  /** The version the carets refer to: that of the last op fed (-1 before a welcome). */
  public synchronized long version() {
    return version;
  }

  /** The entries, in the order they first appeared. */
  public synchronized List<Caret> current() {
    return List.copyOf(shown.values());
  }

  /**
   * Takes one server frame; other types are ignored.
   *
   * @return whether {@link #current()} changed
   */
  public synchronized boolean accept(ServerFrame frame) {
    if (frame instanceof Welcome w) return welcome(w);
    if (frame instanceof OpFrame o) return op(o.v(), Op.fromPlain(FrameCodec.value(o.op())));
    if (frame instanceof PresenceFrame p) return presence(p);
    if (frame instanceof UserLeft u) {
      ahead.values().removeIf(p -> p.userId().equals(u.userId()));
      return shown.values().removeIf(c -> c.userId().equals(u.userId()));
    }
    return false;
  }

  private boolean welcome(Welcome w) {
    if (!w.resumed()) {
      // A fresh snapshot: everything known so far refers to another document state.
      shown.clear();
      ahead.clear();
      recent.clear();
      version = w.version();
    }
    for (PresenceFrame p : w.presence()) presence(p);
    return true;
  }

  private boolean op(long v, Op op) {
    if (version < 0 || v < version) return false; // before the first welcome, or replayed
    if (v > version) {
      // Ops were missed (cannot happen on one connection): the carets cannot be moved exactly.
      shown.replaceAll((id, c) -> new Caret(c.clientId(), c.userId(), c.name(), c.color(), c.focus(), null, null));
      recent.clear();
      version = v;
    }
    boolean changed = false;
    for (Map.Entry<String, Caret> e : shown.entrySet()) {
      Caret moved = move(e.getValue(), op);
      if (!moved.equals(e.getValue())) {
        e.setValue(moved);
        changed = true;
      }
    }
    recent.addLast(op);
    if (recent.size() > RECENT_OPS) recent.removeFirst();
    version = v + 1;
    List<PresenceFrame> due = new ArrayList<>();
    for (PresenceFrame p : ahead.values()) if (p.v() <= version) due.add(p);
    for (PresenceFrame p : due) changed |= presence(p);
    return changed;
  }

  private boolean presence(PresenceFrame p) {
    if (version < 0 || p.v() > version) {
      ahead.put(p.clientId(), p);
      return false;
    }
    Caret caret = new Caret(p.clientId(), p.userId(), p.name(), p.color(), path(p.focus()), p.caret(), p.selection());
    long behind = version - p.v();
    if (behind > recent.size()) {
      caret = new Caret(caret.clientId(), caret.userId(), caret.name(), caret.color(), caret.focus(), null, null);
    } else {
      int skip = recent.size() - (int) behind;
      int i = 0;
      for (Op op : recent) {
        if (i++ >= skip) caret = move(caret, op);
      }
    }
    ahead.remove(p.clientId());
    Caret before = shown.put(p.clientId(), caret);
    return !caret.equals(before);
  }

  /** The caret after {@code op}: its path shifted, its offsets moved, or gone with its field. */
  static Caret move(Caret c, Op op) {
    if (c.focus() == null) return c;
    Path path = new Path(c.focus());
    try {
      Optional<Position> at = Json0.transformPosition(path, c.caret() == null ? 0 : c.caret(), op);
      if (at.isEmpty()) return new Caret(c.clientId(), c.userId(), c.name(), c.color(), null, null, null);
      List<Integer> selection = null;
      if (c.selection() != null) {
        int start = Json0.transformPosition(path, c.selection().get(0), op).map(Position::offset).orElse(0);
        int end = Json0.transformPosition(path, c.selection().get(1), op).map(Position::offset).orElse(start);
        selection = List.of(start, Math.max(start, end));
      }
      return new Caret(
          c.clientId(), c.userId(), c.name(), c.color(), at.get().path().elements(), c.caret() == null ? null : at.get().offset(), selection);
    } catch (OtException e) {
      return new Caret(c.clientId(), c.userId(), c.name(), c.color(), null, null, null);
    }
  }

  private static @Nullable List<Object> path(@Nullable JsonNode focus) {
    if (focus == null || !focus.isArray()) return null;
    List<Object> path = new ArrayList<>();
    for (JsonNode seg : focus) path.add(seg.isIntegralNumber() ? (Object) seg.asInt() : seg.asString());
    return List.copyOf(path);
  }
}
