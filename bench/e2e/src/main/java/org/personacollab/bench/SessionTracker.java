package org.personacollab.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.Op;

/**
 * The marker tables and histograms of one session in one scenario.
 *
 * <h2>Two tables</h2>
 * A marker is added once (typed character, inserted item, replaced value: the <em>insert</em>
 * table) and removed at most once, by the participant who added it (backspace, item delete: the
 * <em>delete</em> table). Each row holds the submit time, whether the change falls in the
 * measured window, and how many receivers have yet to see it. Receivers look markers up by
 * index, so matching costs O(characters in the op's inserted or deleted text), never a scan of
 * the document.
 *
 * <h2>What is scanned</h2>
 * {@code si} text and the string values of {@code li}, {@code oi} and the new side of {@code
 * lr} count as inserts; {@code sd} text and {@code ld} values as deletes. The old side of a
 * replace ({@code od}) is ignored: the value it removes was never a change of its own.
 *
 * <h2>Threads</h2>
 * The generator registers under the client's lock; receivers and acknowledgements call in from
 * the clients' event-loop threads. Every method is {@code synchronized}: sessions are independent,
 * so contention is between the ≤ 10 participants of one session only. Lock order is always
 * client lock → tracker lock, never the reverse.
 */
final class SessionTracker {
  private static final byte FREE = 0;
  private static final byte PENDING = 1;
  private static final byte CANCELLED = 2; // refused or never sent: nobody can see it
  private static final byte UNKNOWN = 3; // lost: the outcome cannot be known

  final String sessionId;
  private final int receivers;
  private final int capacity;
  private long windowStart = Long.MIN_VALUE;
  private long windowEnd = Long.MAX_VALUE;
  private int nextMarker;

  private final Table inserts;
  private final Table deletes;
  private final boolean[] insertAcked;

  private final Map<ChangeKind, Histogram> fanout = new EnumMap<>(ChangeKind.class);
  private final Histogram ack = histogram();
  private final Histogram upstream = histogram();
  private final Histogram downstream = histogram();
  private final Histogram ackDirect = histogram();
  private final Histogram upstreamDirect = histogram();
  private final long[] submitted = new long[ChangeKind.values().length];
  private long ackedInWindow;
  private long observations;
  private long duplicates;
  private long reseen;
  private long strays;
  private long lost;
  private long submitErrors;
  private long reconnects;
  private long resets;
  private final Map<String, Long> nacks = new TreeMap<>();
  private final Map<String, Long> rejected = new TreeMap<>();
  private @Nullable Recorder timeline;
  private long versionAtStart = -1;
  private long versionAtEnd = -1;

  /** Fixed-size rows indexed by marker. */
  private static final class Table {
    final long[] sent;
    final int[] left;
    final byte[] state;
    final byte[] kind;
    final boolean[] measured;

    Table(int capacity) {
      sent = new long[capacity];
      left = new int[capacity];
      state = new byte[capacity];
      kind = new byte[capacity];
      measured = new boolean[capacity];
    }
  }

  /**
   * @param receivers how many other clients must see each change (session size − 1)
   * @param capacity how many markers this session may hand out (at most {@link Markers#CAPACITY})
   */
  SessionTracker(String sessionId, int receivers, int capacity) {
    if (receivers < 1) throw new IllegalArgumentException("a session needs at least 2 clients, receivers was " + receivers);
    if (capacity < 1 || capacity > Markers.CAPACITY) {
      throw new IllegalArgumentException("capacity must be in 1.." + Markers.CAPACITY + ", was " + capacity);
    }
    this.sessionId = sessionId;
    this.receivers = receivers;
    this.capacity = capacity;
    this.inserts = new Table(capacity);
    this.deletes = new Table(capacity);
    this.insertAcked = new boolean[capacity];
    for (ChangeKind k : ChangeKind.values()) fanout.put(k, histogram());
  }

  static Histogram histogram() {
    return new Histogram(3); // µs, auto-resizing
  }

  /** Acknowledgements completing within [start, end) (System.nanoTime) count towards throughput. */
  synchronized void window(long startNanos, long endNanos) {
    this.windowStart = startNanos;
    this.windowEnd = endNanos;
  }

  /** Also records every measured fan-out sample here (shared by the sessions, read per second). */
  synchronized void timeline(Recorder recorder) {
    this.timeline = recorder;
  }

  synchronized boolean inWindow(long nanos) {
    return nanos >= windowStart && nanos < windowEnd;
  }

  /** A fresh marker index for a new insert. */
  synchronized int newMarker() {
    if (nextMarker >= capacity) {
      throw new IllegalStateException(
          "session " + sessionId + " used all " + capacity + " markers: run shorter or spread the rate over more sessions");
    }
    return nextMarker++;
  }

  /** Registers a change that adds marker {@code m}; every receiver is expected to see it. */
  synchronized void registerInsert(int m, ChangeKind kind, long sentNanos, boolean measured) {
    register(inserts, m, kind, sentNanos, measured);
  }

  /** Registers a change that removes marker {@code m} (added earlier by the same participant). */
  synchronized void registerDelete(int m, ChangeKind kind, long sentNanos, boolean measured) {
    register(deletes, m, kind, sentNanos, measured);
  }

  private void register(Table t, int m, ChangeKind kind, long sentNanos, boolean measured) {
    if (t.state[m] != FREE) throw new IllegalStateException("marker " + m + " registered twice in " + sessionId);
    t.sent[m] = sentNanos;
    t.left[m] = receivers;
    t.state[m] = PENDING;
    t.kind[m] = (byte) kind.ordinal();
    t.measured[m] = measured;
    if (measured) submitted[kind.ordinal()]++;
  }

  /** True once the change that added marker {@code m} was acknowledged (it may then be deleted). */
  synchronized boolean insertAcked(int m) {
    return insertAcked[m];
  }

  /**
   * The sender's acknowledgement of a change (its own op came back sequenced). {@code direct}: the
   * sender had nothing unacknowledged when it made the change, so it went out at once and this is
   * a pure round trip.
   */
  synchronized void acked(ChangeKind kind, int m, long sentNanos, long nowNanos, boolean direct) {
    Table t = kind.deletes ? deletes : inserts;
    if (!kind.deletes) insertAcked[m] = true;
    if (t.measured[m]) {
      ack.recordValue(micros(nowNanos - sentNanos));
      if (direct) ackDirect.recordValue(micros(nowNanos - sentNanos));
    }
    if (nowNanos >= windowStart && nowNanos < windowEnd) ackedInWindow++;
  }

  /** Submit to sequencer timestamp ({@code ts}, epoch ms) of an acknowledged measured change. */
  synchronized void upstream(long millis, boolean direct) {
    upstream.recordValue(Math.max(0, millis) * 1000);
    if (direct) upstreamDirect.recordValue(Math.max(0, millis) * 1000);
  }

  /** Sequencer timestamp to a receiver's decoding of the op frame (epoch ms), per op and receiver. */
  synchronized void downstream(long millis) {
    downstream.recordValue(Math.max(0, millis) * 1000);
  }

  /** A change the server refused (undone locally, never seen by others). */
  synchronized void rejected(ChangeKind kind, int m, String code) {
    rejected.merge(code, 1L, Long::sum);
    (kind.deletes ? deletes : inserts).state[m] = CANCELLED;
  }

  /** A change whose outcome cannot be known (resume refused): not counted as unobserved. */
  synchronized void lost(ChangeKind kind, int m) {
    lost++;
    (kind.deletes ? deletes : inserts).state[m] = UNKNOWN;
  }

  /** A change that failed before it was sent (the op did not apply, the client was closed). */
  synchronized void failed(ChangeKind kind, int m) {
    submitErrors++;
    if (m < 0) return; // failed before a marker was registered
    Table t = kind.deletes ? deletes : inserts;
    if (t.state[m] == PENDING) t.state[m] = CANCELLED;
  }

  synchronized void nack(String code) {
    nacks.merge(code, 1L, Long::sum);
  }

  synchronized void reconnect() {
    reconnects++;
  }

  synchronized void reset() {
    resets++;
  }

  synchronized void versionAtWindowStart(long v) {
    versionAtStart = v;
  }

  synchronized void versionAtWindowEnd(long v) {
    versionAtEnd = v;
  }

  /**
   * What one receiver has seen: a bit per marker and table, so that a marker seen again by the
   * same receiver is not counted for another one. A client whose resume was refused takes an
   * older snapshot ({@code RESET}) and may apply ops it had applied before: those are counted
   * apart from true duplicates.
   */
  static final class Receiver {
    final long[] insertsSeen = new long[(Markers.CAPACITY + 63) / 64];
    final long[] deletesSeen = new long[(Markers.CAPACITY + 63) / 64];
    volatile int resets;
  }

  /**
   * {@code receiver} applied {@code op} (a REMOTE event) at {@code nowNanos}: every marker in it
   * counts as seen by this receiver.
   */
  synchronized void observe(Op op, long nowNanos, Receiver receiver) {
    for (Component c : op.components()) {
      if (c instanceof Component.StringInsert si) {
        scan(si.text(), inserts, receiver.insertsSeen, nowNanos, receiver);
      } else if (c instanceof Component.StringDelete sd) {
        scan(sd.text(), deletes, receiver.deletesSeen, nowNanos, receiver);
      } else if (c instanceof Component.ListInsert li) {
        scanValue(li.value(), inserts, receiver.insertsSeen, nowNanos, receiver);
      } else if (c instanceof Component.ListDelete ld) {
        scanValue(ld.value(), deletes, receiver.deletesSeen, nowNanos, receiver);
      } else if (c instanceof Component.ObjectReplace or) {
        scanValue(or.newValue(), inserts, receiver.insertsSeen, nowNanos, receiver);
      } else if (c instanceof Component.ObjectInsert oi) {
        scanValue(oi.value(), inserts, receiver.insertsSeen, nowNanos, receiver);
      } else if (c instanceof Component.ListReplace lr) {
        scanValue(lr.newValue(), inserts, receiver.insertsSeen, nowNanos, receiver);
      }
    }
  }

  private void scanValue(@Nullable Object value, Table t, long[] seen, long nowNanos, Receiver receiver) {
    if (value instanceof String s) scan(s, t, seen, nowNanos, receiver);
  }

  private void scan(String s, Table t, long[] seen, long nowNanos, Receiver receiver) {
    for (int i = 0; i < s.length(); i++) {
      int m = Markers.indexOf(s.charAt(i));
      if (m < 0) continue;
      if (m >= capacity || t.state[m] == FREE) {
        strays++;
        continue;
      }
      long bit = 1L << (m & 63);
      if ((seen[m >>> 6] & bit) != 0) {
        if (receiver.resets > 0) reseen++;
        else duplicates++;
        continue;
      }
      seen[m >>> 6] |= bit;
      if (--t.left[m] < 0) {
        duplicates++; // more receivers than expected: cannot happen with distinct receivers
        continue;
      }
      if (t.measured[m]) {
        observations++;
        long us = micros(nowNanos - t.sent[m]);
        fanout.get(ChangeKind.values()[t.kind[m]]).recordValue(us);
        if (timeline != null) timeline.recordValue(us);
      }
    }
  }

  /** Receiver observations of measured, still expected changes that have not arrived yet. */
  synchronized long outstanding() {
    return outstanding(inserts, null) + outstanding(deletes, null);
  }

  private long outstanding(Table t, long @Nullable [] byKind) {
    long n = 0;
    for (int m = 0; m < nextMarker; m++) {
      if (t.measured[m] && t.state[m] == PENDING && t.left[m] > 0) {
        n += t.left[m];
        if (byKind != null) byKind[t.kind[m]] += t.left[m];
      }
    }
    return n;
  }

  /** Adds this session's numbers to {@code totals}. */
  synchronized void addTo(Totals totals) {
    fanout.forEach((k, h) -> {
      totals.fanout.get(k).add(h);
      totals.fanoutAll.add(h);
    });
    totals.ack.add(ack);
    totals.upstream.add(upstream);
    totals.downstream.add(downstream);
    totals.ackDirect.add(ackDirect);
    totals.upstreamDirect.add(upstreamDirect);
    for (int k = 0; k < submitted.length; k++) totals.submitted[k] += submitted[k];
    outstanding(inserts, totals.unobserved);
    outstanding(deletes, totals.unobserved);
    totals.ackedInWindow += ackedInWindow;
    totals.observations += observations;
    totals.duplicates += duplicates;
    totals.reseen += reseen;
    totals.strays += strays;
    totals.lost += lost;
    totals.submitErrors += submitErrors;
    totals.reconnects += reconnects;
    totals.resets += resets;
    nacks.forEach((c, n) -> totals.nacks.merge(c, n, Long::sum));
    rejected.forEach((c, n) -> totals.rejected.merge(c, n, Long::sum));
    if (versionAtStart >= 0 && versionAtEnd >= versionAtStart) totals.serverOps += versionAtEnd - versionAtStart;
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1000);
  }

  /** The sum over the sessions of one scenario. */
  static final class Totals {
    final Map<ChangeKind, Histogram> fanout = new EnumMap<>(ChangeKind.class);
    final Histogram fanoutAll = histogram();
    final Histogram ack = histogram();
    final Histogram upstream = histogram();
    final Histogram downstream = histogram();
    final Histogram ackDirect = histogram();
    final Histogram upstreamDirect = histogram();
    final long[] submitted = new long[ChangeKind.values().length];
    final long[] unobserved = new long[ChangeKind.values().length];
    long ackedInWindow;
    long observations;
    long duplicates;
    long reseen;
    long strays;
    long lost;
    long submitErrors;
    long reconnects;
    long resets;
    long serverOps;
    final Map<String, Long> nacks = new TreeMap<>();
    final Map<String, Long> rejected = new TreeMap<>();

    Totals() {
      for (ChangeKind k : ChangeKind.values()) fanout.put(k, histogram());
    }

    long submittedTotal() {
      long n = 0;
      for (long s : submitted) n += s;
      return n;
    }

    long unobservedTotal() {
      long n = 0;
      for (long s : unobserved) n += s;
      return n;
    }
  }
}
