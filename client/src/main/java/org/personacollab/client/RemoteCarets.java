package org.personacollab.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Op;
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
 * moves focus, caret and selection through each later op ({@link PresenceFrame#through}): a
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

  private final Map<String, PresenceFrame> shown = new LinkedHashMap<>(); // all at `version`
  private final Map<String, PresenceFrame> ahead = new HashMap<>();
  private final Deque<Op> recent = new ArrayDeque<>(); // ops version-recent.size() … version-1
  private long version = -1;

  /** The version the carets refer to: that of the last op fed (-1 before a welcome). */
  public synchronized long version() {
    return version;
  }

  /** The entries, in the order they first appeared. */
  public synchronized List<Caret> current() {
    return shown.values().stream().map(RemoteCarets::caret).toList();
  }

  private static Caret caret(PresenceFrame p) {
    return new Caret(p.clientId(), p.userId(), p.name(), p.color(), path(p.focus()), p.caret(), p.selection());
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
    boolean changed = false;
    if (v > version) {
      // Ops were missed (cannot happen on one connection): the carets cannot be moved exactly.
      shown.replaceAll((id, p) -> new PresenceFrame(p.userId(), p.clientId(), p.name(), p.color(), p.focus(), null, null, v, p.ts()));
      recent.clear();
      version = v;
      changed = true;
    }
    for (Map.Entry<String, PresenceFrame> e : shown.entrySet()) {
      PresenceFrame moved = e.getValue().through(op);
      changed |= !caret(moved).equals(caret(e.getValue()));
      e.setValue(moved);
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
    ahead.remove(p.clientId());
    if (version < 0 || p.v() > version) {
      ahead.put(p.clientId(), p);
      return false;
    }
    long behind = version - p.v();
    PresenceFrame at = p;
    if (behind > recent.size()) {
      at = new PresenceFrame(p.userId(), p.clientId(), p.name(), p.color(), p.focus(), null, null, version, p.ts());
    } else {
      int skip = recent.size() - (int) behind;
      int i = 0;
      for (Op op : recent) {
        if (i++ >= skip) at = at.through(op);
      }
    }
    PresenceFrame before = shown.put(p.clientId(), at);
    return before == null || !caret(at).equals(caret(before));
  }

  private static @Nullable List<Object> path(@Nullable JsonNode focus) {
    if (focus == null || !focus.isArray()) return null;
    List<Object> path = new ArrayList<>();
    for (JsonNode seg : focus) path.add(seg.isIntegralNumber() ? (Object) seg.asInt() : seg.asString());
    return List.copyOf(path);
  }
}
