package org.personacollab.ot.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;

/**
 * A persona document that carries its CRDT state under the reserved key {@value #KEY} (ADR 12),
 * and the one operation on it: {@link #merge} an update.
 *
 * <p>The document is what everyone reads (the web page, history, REST); the state decides what a
 * merge does to it. Other changes (json0 ops, field edits, a generated or restored persona) change
 * the document and not the state. A merge therefore works field by field, on the fields the update
 * names and no others:
 *
 * <ol>
 *   <li><b>Lists first take in what happened to them outside the state.</b> A list the state does
 *       not hold yet (a generated persona's goals) is taken in whole, in order, before any write
 *       ({@link #baseTag}). Otherwise, counting each value: a value the document's list holds
 *       more often than the set is added to the set (tagged with stamps later than any in the
 *       state or the update), one the set holds more often than the list loses its latest adds.
 *       So a value someone removed by a json0 op stays removed unless the update adds it with a
 *       tag of its own (add wins), and one added by a json0 op is kept.
 *   <li><b>The update is merged into the state</b> ({@link CrdtState#merge}).
 *   <li><b>A register write that won</b> (the field's register is now the update's) sets the field;
 *       one that lost (the state had a later write) changes nothing, so an old offline write never
 *       overwrites a newer one, while it does overwrite a value set by a json0 op after the
 *       register's last write (that value has no stamp of its own).
 *   <li><b>Each set the update names is written whole</b>: its live values in tag order.
 * </ol>
 *
 * If no change other than merges touches the fields, the document's fields are exactly
 * {@link CrdtState#materialize} of its state, whatever the order the merges came in.
 */
public final class CrdtDocument {
  /** The reserved key of the root that holds the state. */
  public static final String KEY = "_crdt";

  private CrdtDocument() {}

  /** The state a document carries (the empty state when it carries none). */
  public static CrdtState stateOf(@Nullable Object doc) {
    return doc instanceof Map<?, ?> m ? CrdtState.fromJson(m.get(KEY)) : CrdtState.EMPTY;
  }

  /**
   * The document after merging {@code update}.
   *
   * @param doc the document (an object; null is {@code {}})
   * @param update what a replica changed
   * @param node the id stamped on values taken in from the list (step 1), e.g. {@code sequencer}
   * @param now the merging replica's wall clock, the least millis of those stamps
   * @throws CrdtException {@code INVALID} when the update writes a register where the document or
   *     the state has a list or a set, or adds to a field that is not a list; the document is then
   *     unchanged
   */
  public static Object merge(@Nullable Object doc, CrdtState update, String node, long now) {
    Map<String, @Nullable Object> out = doc instanceof Map<?, ?> m ? copy(m) : new LinkedHashMap<>();
    CrdtState state = stateOf(doc);
    for (CrdtState.Register r : update.registers()) {
      if (state.hasSet(r.path()) || valueAt(out, r.path()) instanceof List) {
        throw new CrdtException(CrdtException.Kind.INVALID, String.join(".", r.path()) + " is a list: add to it or remove from it");
      }
    }
    // 1. lists take in json0 changes
    Hlc latest = maxOf(state.latest(), update.latest());
    Hlc stamp = latest == null ? new Hlc(Math.max(0, now), 0, node) : latest.next(now, node);
    for (List<String> path : update.setPaths()) {
      if (state.register(path) != null) {
        throw new CrdtException(CrdtException.Kind.INVALID, String.join(".", path) + " is a field, not a list");
      }
      Object current = valueAt(out, path);
      if (current != null && !(current instanceof List)) {
        throw new CrdtException(CrdtException.Kind.INVALID, String.join(".", path) + " is not a list");
      }
      List<?> list = current == null ? List.of() : (List<?>) current;
      if (!state.hasSet(path)) {
        // A list from before the state knew it (a generated persona): its values come first, in
        // their order, under tags every replica derives alike from position and value.
        for (int i = 0; i < list.size(); i++) state = state.merge(CrdtState.add(path, list.get(i), baseTag(i, list.get(i))));
        continue;
      }
      // By count: a value the list holds more often than the set gets adds, in list order; one
      // the set holds more often than the list loses its latest adds.
      Map<String, Integer> inSet = counts(state.values(path));
      Map<String, Integer> seen = new HashMap<>();
      for (Object v : list) {
        String k = JsonCodec.canonical(v);
        if (seen.merge(k, 1, Integer::sum) > inSet.getOrDefault(k, 0)) {
          state = state.merge(CrdtState.add(path, v, stamp));
          stamp = stamp.next(now, node);
        }
      }
      Map<String, Integer> inList = counts(list);
      Map<String, Object> byKey = new LinkedHashMap<>();
      for (Object v : state.values(path)) byKey.putIfAbsent(JsonCodec.canonical(v), v);
      for (var e : byKey.entrySet()) {
        List<Hlc> tags = state.tagsOf(path, e.getValue());
        int extra = tags.size() - inList.getOrDefault(e.getKey(), 0);
        if (extra > 0) state = state.merge(CrdtState.removalOf(path, tags.subList(tags.size() - extra, tags.size())));
      }
    }
    // 2. merge
    CrdtState merged = state.merge(update);
    // 3. registers that won, in timestamp order
    List<CrdtState.Register> won = new ArrayList<>();
    for (CrdtState.Register r : update.registers()) {
      CrdtState.Register now0 = merged.register(r.path());
      CrdtState.Register before = state.register(r.path());
      if (r.equals(now0) && !r.equals(before)) won.add(r);
    }
    won.sort((a, b) -> a.at().compareTo(b.at()));
    for (CrdtState.Register r : won) CrdtState.put(out, r.path(), r.value(), r.value() == null);
    // 4. sets whole
    for (List<String> path : update.setPaths()) CrdtState.put(out, path, merged.values(path), false);
    out.put(KEY, merged.toJson());
    return JsonCodec.freeze(out);
  }

  /**
   * The state a removal from the list at {@code path} should be computed against: the document's
   * own state, with the list taken in under its base tags when the state does not hold it yet (a
   * generated persona's goals), exactly as a merge will take it in (step 1). Without this, the
   * items of such a list could not be removed offline: no tag of theirs would be observed.
   */
  public static CrdtState observed(@Nullable Object doc, List<String> path) {
    CrdtState state = stateOf(doc);
    if (state.hasSet(path) || !(doc instanceof Map<?, ?> m)) return state;
    Object at = m;
    for (String s : path) at = at instanceof Map<?, ?> o ? o.get(s) : null;
    if (at instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) state = state.merge(CrdtState.add(path, list.get(i), baseTag(i, list.get(i))));
    }
    return state;
  }

  /** The document without {@value #KEY}: what a reader of the persona sees. */
  public static @Nullable Object withoutState(@Nullable Object doc) {
    if (!(doc instanceof Map<?, ?> m) || !m.containsKey(KEY)) return doc;
    Map<String, @Nullable Object> out = copy(m);
    out.remove(KEY);
    return JsonCodec.freeze(out);
  }

  /**
   * The tag of the value at {@code index} of a list the state did not hold yet: millis 0 (before
   * every real write), the index as counter, and a digest of the value as node, so two replicas
   * that take in the same list make the same tags, and a tag never names two different values.
   */
  static Hlc baseTag(int index, @Nullable Object value) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(JsonCodec.canonical(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new Hlc(0, index, "base:" + java.util.HexFormat.of().formatHex(d, 0, 16));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Map<String, Integer> counts(List<?> values) {
    Map<String, Integer> out = new HashMap<>();
    for (Object v : values) out.merge(JsonCodec.canonical(v), 1, Integer::sum);
    return out;
  }

  private static @Nullable Hlc maxOf(@Nullable Hlc a, @Nullable Hlc b) {
    return a == null ? b : b == null ? a : Hlc.max(a, b);
  }

  private static @Nullable Object valueAt(Map<String, @Nullable Object> doc, List<String> path) {
    Object at = doc;
    for (String s : path) {
      if (!(at instanceof Map<?, ?> m)) return null;
      at = m.get(s);
    }
    return at;
  }

  private static Map<String, @Nullable Object> copy(Map<?, ?> m) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put((String) k, v));
    return out;
  }
}
