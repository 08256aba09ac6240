package org.personacollab.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.personacollab.client.ChangeLostException;
import org.personacollab.client.ConnectionState;
import org.personacollab.client.DocumentEvent;
import org.personacollab.client.PersonaClient;
import org.personacollab.client.RejectedChangeException;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * One simulated workshop participant: a {@link PersonaClient} plus where this person is typing.
 *
 * <p>Each participant has a caret in one text field (participant {@code i} of a session types in
 * field {@code i mod 4}, so two or three people share a field) and a stack of the characters it
 * typed there. Typing inserts one new marker character right after its last typed character (or
 * at a random place when it has none); backspace deletes its last typed character once that was
 * acknowledged. List inserts put {@code "note <m>"} at a random index of a random list; list
 * deletes remove one of the participant's own acknowledged items; replaces set the participant's
 * own select-like field ({@link #REPLACE_FIELDS}) to {@code "choice <m>"}. Only own,
 * acknowledged content is ever deleted, so
 * that a delete is never composed away with its insert (the client composes changes made while
 * one is in flight) and never races another participant's delete of the same thing; likewise a
 * participant replaces its field again only once its previous replace was acknowledged. Every
 * measured change is then visible to every other participant.
 *
 * <p>{@link #act} runs on the generator thread only; {@code typed} and {@code items} are touched
 * only there (inside {@code submitWith}, under the client's lock). The callbacks run on the
 * clients' threads and only talk to the {@link SessionTracker}.
 */
final class Participant {
  static final String START_DOCUMENT =
      """
      {"id":"bench-persona","name":"Sarah Chen","title":"The Pragmatic Planner",
       "summary":"Plans the weekly shop around a tight schedule and two kids. ",
       "demographics":{"age_range":"30-39","occupation":"Project manager","location":"Leeds",
         "household":"Two kids","income":"Middle","education":"Degree","device":"Phone",
         "channel":"Online","region":"North","language":"English","segment":"Busy parents"},
       "goals":["Spend less time shopping","Avoid food waste"],
       "pain_points":["Checkout queues","Out-of-stock items"],
       "behaviours":["Shops on Sunday evening"],
       "motivations":["Family time"],
       "quotes":["I just want it to work."]}""";

  static final List<List<Object>> TEXT_FIELDS =
      List.of(List.of("summary"), List.of("title"), List.of("demographics", "occupation"), List.of("name"));
  static final List<String> LISTS = List.of("goals", "pain_points", "behaviours", "motivations");
  /**
   * Select-like fields that replaces set; participant {@code i} of a session owns field {@code i
   * mod 10}. With ≤ 10 participants per session no two replace the same field: a receiver with
   * its own replace of a field in flight drops a concurrent remote replace of it (json0, side
   * right: its own will win), which would make that change invisible to it by design.
   */
  static final List<List<Object>> REPLACE_FIELDS =
      List.of("age_range", "location", "household", "income", "education", "device", "channel", "region",
              "language", "segment").stream().map(f -> List.<Object>of("demographics", f)).toList();

  final PersonaClient client;
  final String name;
  private final SessionTracker session;
  private final OpMix mix;
  private final Random random;
  private final List<Object> textField;
  private final List<Object> replaceField;

  // Generator thread only.
  private final ArrayDeque<Integer> typed = new ArrayDeque<>();
  private final ArrayList<int[]> items = new ArrayList<>(); // {marker, list index}
  private final long[] made = new long[ChangeKind.values().length];
  private int lastReplace = -1;

  /** What this participant has seen as a receiver. */
  private final SessionTracker.Receiver seen = new SessionTracker.Receiver();

  /** Changes submitted and not yet completed (acknowledged or failed). */
  private final java.util.concurrent.atomic.AtomicInteger unfinished = new java.util.concurrent.atomic.AtomicInteger();

  /** The {@code ts} of this participant's latest own op frame (its latest ack). */
  private volatile long lastOwnTs;

  private final Disposable.Composite subscriptions = Disposables.composite();

  Participant(PersonaClient client, String name, SessionTracker session, OpMix mix, int indexInSession, long seed) {
    this.client = client;
    this.name = name;
    this.session = session;
    this.mix = mix;
    this.random = new Random(seed);
    this.textField = TEXT_FIELDS.get(indexInSession % TEXT_FIELDS.size());
    this.replaceField = REPLACE_FIELDS.get(indexInSession % REPLACE_FIELDS.size());
  }

  /** Starts listening: remote changes, raw frames (ts, nacks), connection states. */
  void listen() {
    subscriptions.add(client.changes().subscribe(this::onChange));
    subscriptions.add(client.frames().subscribe(this::onFrame));
    subscriptions.add(client.states().skip(1).subscribe(this::onState));
  }

  void stopListening() {
    subscriptions.dispose();
  }

  /** How many changes of each kind this participant actually made (after fallbacks). */
  long[] made() {
    return made.clone();
  }

  private void onChange(DocumentEvent e) {
    if (e.kind() == DocumentEvent.Kind.REMOTE) {
      session.observe(e.op(), System.nanoTime(), seen);
    } else if (e.kind() == DocumentEvent.Kind.RESET) {
      seen.resets++; // listening starts after the first welcome: every RESET here is a resync
      session.reset();
    }
  }

  private void onFrame(ServerFrame f) {
    if (f instanceof OpFrame op) {
      if (name.equals(op.userId())) {
        lastOwnTs = op.ts();
      } else {
        long now = System.nanoTime();
        if (session.inWindow(now)) session.downstream(WallClock.epochMillis(now) - op.ts());
      }
    } else if (f instanceof Nack n) {
      session.nack(n.code());
    }
  }

  private void onState(ConnectionState s) {
    if (s == ConnectionState.RECONNECTING) session.reconnect();
  }

  /** One change submitted at {@code nowNanos}; {@code measured} if it falls in the measured window. */
  void act(long nowNanos, boolean measured) {
    Change change = new Change(nowNanos, measured, unfinished.getAndIncrement() == 0);
    ChangeKind wanted = mix.pick(random);
    client
        .submitWith(doc -> build(doc, wanted, change))
        .subscribe(null, e -> failed(change, e), () -> acked(change));
  }

  /** What the generator knows about one submitted change. */
  static final class Change {
    final long sentNanos;
    final boolean measured;
    /** Nothing of this participant was unacknowledged: the change went out at once. */
    final boolean direct;
    @Nullable ChangeKind kind;
    int marker = -1;

    Change(long sentNanos, boolean measured, boolean direct) {
      this.sentNanos = sentNanos;
      this.measured = measured;
      this.direct = direct;
    }
  }

  private void acked(Change c) {
    unfinished.decrementAndGet();
    ChangeKind k = c.kind;
    if (k == null) return;
    long now = System.nanoTime();
    session.acked(k, c.marker, c.sentNanos, now, c.direct);
    if (c.measured) {
      long ts = lastOwnTs;
      long sentMillis = WallClock.epochMillis(c.sentNanos);
      if (ts >= sentMillis - 1) session.upstream(ts - sentMillis, c.direct);
    }
  }

  private void failed(Change c, Throwable e) {
    unfinished.decrementAndGet();
    ChangeKind k = c.kind;
    if (k == null) { // build() never ran to the end: nothing registered
      session.failed(ChangeKind.TYPE, -1);
      return;
    }
    if (e instanceof RejectedChangeException r) {
      session.rejected(k, c.marker, r.code());
    } else if (e instanceof ChangeLostException) {
      session.lost(k, c.marker);
    } else {
      session.failed(k, c.marker);
    }
  }

  // ---- building changes (under the client's lock, generator thread) ----

  private Op build(@Nullable Object doc, ChangeKind wanted, Change c) {
    Map<?, ?> root = (Map<?, ?>) doc;
    if (root == null) throw new IllegalStateException(name + " has no document");
    return switch (wanted) {
      case TYPE -> type(root, c);
      case BACKSPACE -> backspace(root, c);
      case LIST_INSERT -> listInsert(root, c);
      case LIST_DELETE -> listDelete(root, c);
      case REPLACE -> replace(root, c);
    };
  }

  private Op type(Map<?, ?> root, Change c) {
    String text = (String) at(root, textField);
    int caret = caret(text);
    int m = session.newMarker();
    typed.addLast(m);
    made(c, ChangeKind.TYPE, m);
    session.registerInsert(m, ChangeKind.TYPE, c.sentNanos, c.measured);
    return Op.of(new Component.StringInsert(path(textField, caret), String.valueOf(Markers.charOf(m))));
  }

  /** Just after this participant's last typed character still in the text, else somewhere at random. */
  private int caret(String text) {
    while (!typed.isEmpty()) {
      int at = text.indexOf(Markers.charOf(typed.peekLast()));
      if (at >= 0) return at + 1;
      typed.removeLast(); // refused, or gone for another reason: the caret moves on
    }
    return random.nextInt(text.length() + 1);
  }

  private Op backspace(Map<?, ?> root, Change c) {
    Integer last = typed.peekLast();
    if (last == null || !session.insertAcked(last)) return type(root, c);
    String text = (String) at(root, textField);
    char ch = Markers.charOf(last);
    int at = text.indexOf(ch);
    if (at < 0) {
      typed.removeLast();
      return type(root, c);
    }
    typed.removeLast();
    made(c, ChangeKind.BACKSPACE, last);
    session.registerDelete(last, ChangeKind.BACKSPACE, c.sentNanos, c.measured);
    return Op.of(new Component.StringDelete(path(textField, at), String.valueOf(ch)));
  }

  private Op listInsert(Map<?, ?> root, Change c) {
    int which = random.nextInt(LISTS.size());
    String list = LISTS.get(which);
    int size = ((List<?>) root.get(list)).size();
    int m = session.newMarker();
    items.add(new int[] {m, which});
    made(c, ChangeKind.LIST_INSERT, m);
    session.registerInsert(m, ChangeKind.LIST_INSERT, c.sentNanos, c.measured);
    return Op.of(new Component.ListInsert(Path.of(list, random.nextInt(size + 1)), "note " + Markers.charOf(m)));
  }

  private Op listDelete(Map<?, ?> root, Change c) {
    // The most recent acknowledged own item among the last few (keeps this O(1)).
    for (int j = items.size() - 1; j >= Math.max(0, items.size() - 8); j--) {
      int[] item = items.get(j);
      if (!session.insertAcked(item[0])) continue;
      String list = LISTS.get(item[1]);
      List<?> values = (List<?>) root.get(list);
      char ch = Markers.charOf(item[0]);
      items.remove(j);
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) instanceof String s && s.indexOf(ch) >= 0) {
          made(c, ChangeKind.LIST_DELETE, item[0]);
          session.registerDelete(item[0], ChangeKind.LIST_DELETE, c.sentNanos, c.measured);
          return Op.of(new Component.ListDelete(Path.of(list, i), s));
        }
      }
      break; // gone (refused): insert instead
    }
    return listInsert(root, c);
  }

  private Op replace(Map<?, ?> root, Change c) {
    // A second replace of the field while the first is unacknowledged would be composed with it
    // into one replace, and the first value would never reach anyone: type instead.
    if (lastReplace >= 0 && !session.insertAcked(lastReplace)) return type(root, c);
    List<Object> field = replaceField;
    Object old = at(root, field);
    int m = session.newMarker();
    lastReplace = m;
    made(c, ChangeKind.REPLACE, m);
    session.registerInsert(m, ChangeKind.REPLACE, c.sentNanos, c.measured);
    return Op.of(new Component.ObjectReplace(path(field, null), old, "choice " + Markers.charOf(m)));
  }

  private void made(Change c, ChangeKind kind, int marker) {
    c.kind = kind;
    c.marker = marker;
    made[kind.ordinal()]++;
  }

  private static @Nullable Object at(Map<?, ?> root, List<Object> path) {
    Object v = root;
    for (Object key : path) v = ((Map<?, ?>) v).get(key);
    return v;
  }

  private static Path path(List<Object> field, @Nullable Integer offset) {
    Object[] elements = new Object[field.size() + (offset == null ? 0 : 1)];
    for (int i = 0; i < field.size(); i++) elements[i] = field.get(i);
    if (offset != null) elements[field.size()] = offset;
    return Path.of(elements);
  }
}
