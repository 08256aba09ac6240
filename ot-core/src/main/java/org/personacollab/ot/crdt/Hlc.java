package org.personacollab.ot.crdt;

import java.util.regex.Pattern;

/**
 * A hybrid logical clock timestamp (Kulkarni et al., "Logical Physical Clocks", 2014): wall-clock
 * milliseconds, a counter that orders events within one millisecond (or while the wall clock lags
 * a timestamp already seen), and the id of the replica that made it, which breaks the remaining
 * ties. Timestamps are totally ordered by {@code (millis, counter, node)}; one replica never makes
 * the same one twice ({@link HlcClock}), so a timestamp also names one write.
 *
 * <p>Wire form: {@code "<millis>:<counter>:<node>"}, e.g. {@code "1764220000000:0:c7f2"}. Valid:
 * millis 0..2^53, counter 0..2^31-1, node 1..128 characters (may itself contain {@code :}).
 * Invalid: {@code "12:x:n"}, {@code "-1:0:n"}, {@code "12:0:"}.
 */
public record Hlc(long millis, int counter, String node) implements Comparable<Hlc> {
  /** The largest millis (2^53, JavaScript's safe integers). */
  public static final long MAX_MILLIS = 1L << 53;
  /** The longest node id. */
  public static final int MAX_NODE_LENGTH = 128;

  private static final Pattern WIRE = Pattern.compile("(0|[1-9][0-9]{0,15}):(0|[1-9][0-9]{0,9}):(.{1,128})", Pattern.DOTALL);

  public Hlc {
    if (millis < 0 || millis > MAX_MILLIS) throw new CrdtException(CrdtException.Kind.INVALID, "timestamp millis out of range: " + millis);
    if (counter < 0) throw new CrdtException(CrdtException.Kind.INVALID, "timestamp counter must be >= 0: " + counter);
    if (node == null || node.isEmpty() || node.length() > MAX_NODE_LENGTH) {
      throw new CrdtException(CrdtException.Kind.INVALID, "timestamp node must be 1.." + MAX_NODE_LENGTH + " characters: " + node);
    }
  }

  /** Reads the wire form; a {@link CrdtException} of kind {@code INVALID} names a bad one. */
  public static Hlc parse(String text) {
    var m = text == null ? null : WIRE.matcher(text);
    if (m == null || !m.matches()) {
      throw new CrdtException(CrdtException.Kind.INVALID, "not a timestamp \"<millis>:<counter>:<node>\": " + text);
    }
    long counter = Long.parseLong(m.group(2));
    if (counter > Integer.MAX_VALUE) throw new CrdtException(CrdtException.Kind.INVALID, "timestamp counter too large: " + text);
    return new Hlc(Long.parseLong(m.group(1)), (int) counter, m.group(3));
  }

  /** The next timestamp of {@code node} that is later than {@code this} and not earlier than {@code wallMillis}. */
  public Hlc next(long wallMillis, String node) {
    if (wallMillis > millis) return new Hlc(Math.min(wallMillis, MAX_MILLIS), 0, node);
    if (counter == Integer.MAX_VALUE) return new Hlc(millis + 1, 0, node);
    return new Hlc(millis, counter + 1, node);
  }

  @Override
  public int compareTo(Hlc o) {
    int c = Long.compare(millis, o.millis);
    if (c != 0) return c;
    c = Integer.compare(counter, o.counter);
    return c != 0 ? c : node.compareTo(o.node);
  }

  /** The later of two timestamps. */
  public static Hlc max(Hlc a, Hlc b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The wire form. */
  @Override
  public String toString() {
    return millis + ":" + counter + ":" + node;
  }
}
