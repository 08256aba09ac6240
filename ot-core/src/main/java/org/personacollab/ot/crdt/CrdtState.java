package org.personacollab.ot.crdt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;

/**
 * The state of a persona as a state-based CRDT (a join semilattice): {@link #merge} is
 * commutative, associative and idempotent, so replicas that have merged the same states hold the
 * same state whatever the order and however often they merged, and {@link #materialize} is a
 * function of the state alone.
 *
 * <h2>1. Registers: last writer wins, per field</h2>
 *
 * A register holds one field's value (a string, number, boolean, or {@code null} for "removed")
 * and the {@link Hlc} of the write. Of two writes to one field the later timestamp wins; two
 * writes with one timestamp are the same write (a replica never reuses one), and if their values
 * differ anyway the smaller canonical JSON wins, so even that is decided the same way everywhere.
 *
 * <h2>2. Sets: add wins (observed-remove)</h2>
 *
 * A list field (goals, pain points, quotes …) is a set of values. Every add gets a unique tag (the
 * adder's timestamp); a remove removes the tags its replica had <em>observed</em> for that value.
 * An add the remover had not seen has a tag the remove does not name, so it survives: concurrent
 * add and remove, the add wins. State is kept as (live adds, removed tags): a removed tag's add is
 * dropped and the tag kept, which is the same lattice as keeping both (adds \ removed is what
 * counts) with less to store. Removed tags are never forgotten (see ADR 12 on their cost).
 *
 * <h2>3. Materialisation</h2>
 *
 * Registers are applied in timestamp order, then each set is written as a list at its path: the
 * values of its live adds ordered by tag (a value added twice is in the list twice, so two items
 * that happen to read the same, or one typed into until it reads like another, stay two items). Writing below a field that is not
 * an object makes it an object; removing the last field of an object removes the object. The result depends on the state only, not on the order in which
 * it was merged.
 *
 * <h2>4. Wire form</h2>
 *
 * <pre>
 * {"registers": [{"path": ["demographics", "age_range"], "value": "30-39", "at": "1764220000000:0:c1"}],
 *  "sets": [{"path": ["goals"], "adds": [{"tag": "1764220000000:1:c1", "value": "Ship weekly"}],
 *            "removed": ["1764219000000:0:c2"]}]}
 * </pre>
 *
 * A client's update is a state too (a delta: only what it changed), merged like any other.
 * Instances are immutable.
 */
public final class CrdtState {
  /** The longest path of a field. */
  public static final int MAX_DEPTH = 8;

  /** The empty state, the lattice's bottom. */
  public static final CrdtState EMPTY = new CrdtState(new TreeMap<>(), new TreeMap<>());

  /** One field's last write. {@code value} {@code null}: the field was removed. */
  public record Register(List<String> path, @Nullable Object value, Hlc at) {
    public Register {
      path = checkPath(path);
      value = JsonCodec.freeze(value);
      if (value instanceof Map || value instanceof List) {
        throw new CrdtException(CrdtException.Kind.INVALID,
            "a field's value must be a string, number, boolean or null (lists are sets, objects are fields of their own): "
                + String.join(".", path));
      }
    }
  }

  /** One list field: live adds by tag, and the tags removed. */
  record OrSet(List<String> path, TreeMap<Hlc, @Nullable Object> adds, TreeSet<Hlc> removed) {}

  private final TreeMap<String, Register> registers;
  private final TreeMap<String, OrSet> sets;

  private CrdtState(TreeMap<String, Register> registers, TreeMap<String, OrSet> sets) {
    this.registers = registers;
    this.sets = sets;
  }

  // ---------------------------------------------------------------- building deltas

  /** The state with one field written: {@code value} at {@code path}, stamped {@code at}. */
  public static CrdtState write(List<String> path, @Nullable Object value, Hlc at) {
    return EMPTY.merge(register(new Register(path, value, at)));
  }

  /** The state with {@code value} added to the set at {@code path} under the unique {@code tag}. */
  public static CrdtState add(List<String> path, @Nullable Object value, Hlc tag) {
    var p = checkPath(path);
    var adds = new TreeMap<Hlc, @Nullable Object>();
    adds.put(tag, JsonCodec.freeze(value));
    var sets = new TreeMap<String, OrSet>();
    sets.put(key(p), new OrSet(p, adds, new TreeSet<>()));
    return new CrdtState(new TreeMap<>(), sets);
  }

  /**
   * The delta that removes the item at {@code index} of the list {@link #values} gives for
   * {@code path}: the one tag of that add. Empty when there is no such item.
   */
  public CrdtState removalAt(List<String> path, int index) {
    var p = checkPath(path);
    OrSet set = sets.get(key(p));
    if (set == null || index < 0 || index >= set.adds().size()) return EMPTY;
    return removalOf(p, List.of(new ArrayList<>(set.adds().keySet()).get(index)));
  }

  /** The delta removing exactly {@code tags} from the set at {@code path}. */
  static CrdtState removalOf(List<String> path, Collection<Hlc> tags) {
    if (tags.isEmpty()) return EMPTY;
    var sets = new TreeMap<String, OrSet>();
    sets.put(key(path), new OrSet(path, new TreeMap<>(), new TreeSet<>(tags)));
    return new CrdtState(new TreeMap<>(), sets);
  }

  /** The tags of the live adds of {@code value} in the set at {@code path}, earliest first. */
  List<Hlc> tagsOf(List<String> path, @Nullable Object value) {
    OrSet set = sets.get(key(path));
    if (set == null) return List.of();
    Object v = JsonCodec.freeze(value);
    List<Hlc> out = new ArrayList<>();
    set.adds().forEach((tag, x) -> {
      if (JsonCodec.jsonEquals(x, v)) out.add(tag);
    });
    return out;
  }

  /**
   * The delta that removes {@code value} from the set at {@code path} as this state has it: every
   * tag this state holds for it, no others (an add not observed here survives the remove).
   * Empty when the value is not in the set.
   */
  public CrdtState removal(List<String> path, @Nullable Object value) {
    var p = checkPath(path);
    OrSet set = sets.get(key(p));
    var removed = new TreeSet<Hlc>();
    if (set != null) {
      Object v = JsonCodec.freeze(value);
      set.adds().forEach((tag, x) -> {
        if (JsonCodec.jsonEquals(x, v)) removed.add(tag);
      });
    }
    if (removed.isEmpty()) return EMPTY;
    var sets = new TreeMap<String, OrSet>();
    sets.put(key(p), new OrSet(p, new TreeMap<>(), removed));
    return new CrdtState(new TreeMap<>(), sets);
  }

  private static CrdtState register(Register r) {
    var regs = new TreeMap<String, Register>();
    regs.put(key(r.path()), r);
    return new CrdtState(regs, new TreeMap<>());
  }

  // ---------------------------------------------------------------- the lattice

  /** The least upper bound of the two states. */
  public CrdtState merge(CrdtState other) {
    if (other == this || other.isEmpty()) return this;
    if (isEmpty()) return other;
    var regs = new TreeMap<>(registers);
    other.registers.forEach((k, r) -> regs.merge(k, r, CrdtState::later));
    var out = new TreeMap<>(sets);
    other.sets.forEach((k, s) -> out.merge(k, s, CrdtState::union));
    return new CrdtState(regs, out);
  }

  private static Register later(Register a, Register b) {
    int c = a.at().compareTo(b.at());
    if (c != 0) return c > 0 ? a : b;
    return JsonCodec.canonical(a.value()).compareTo(JsonCodec.canonical(b.value())) <= 0 ? a : b;
  }

  private static OrSet union(OrSet a, OrSet b) {
    var removed = new TreeSet<>(a.removed());
    removed.addAll(b.removed());
    var adds = new TreeMap<Hlc, @Nullable Object>();
    for (var adds0 : List.of(a.adds(), b.adds())) {
      adds0.forEach((tag, v) -> {
        if (removed.contains(tag)) return;
        adds.merge(tag, v, (x, y) -> JsonCodec.canonical(x).compareTo(JsonCodec.canonical(y)) <= 0 ? x : y);
      });
    }
    return new OrSet(a.path(), adds, removed);
  }

  /**
   * This state cut into states of at most {@code maxEntries} entries each ({@link #size}) whose
   * merge is this state: how a client sends more changes than one merge frame may carry.
   */
  public List<CrdtState> split(int maxEntries) {
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
    List<CrdtState> pieces = new ArrayList<>();
    for (Register r : registers.values()) pieces.add(register(r));
    for (OrSet set : sets.values()) {
      set.adds().forEach((tag, v) -> pieces.add(add(set.path(), v, tag)));
      for (Hlc tag : set.removed()) {
        var one = new TreeMap<String, OrSet>();
        var removed = new TreeSet<Hlc>();
        removed.add(tag);
        one.put(key(set.path()), new OrSet(set.path(), new TreeMap<>(), removed));
        pieces.add(new CrdtState(new TreeMap<>(), one));
      }
    }
    List<CrdtState> out = new ArrayList<>();
    CrdtState chunk = EMPTY;
    int n = 0;
    for (CrdtState piece : pieces) {
      if (n == maxEntries) {
        out.add(chunk);
        chunk = EMPTY;
        n = 0;
      }
      chunk = chunk.merge(piece);
      n++;
    }
    if (n > 0) out.add(chunk);
    return out;
  }

  // ---------------------------------------------------------------- reading

  /** True for the bottom state (no writes, no adds, no removes). */
  public boolean isEmpty() {
    return registers.isEmpty() && sets.isEmpty();
  }

  /** How many entries the state holds: registers, live adds and removed tags. */
  public int size() {
    int n = registers.size();
    for (OrSet s : sets.values()) n += s.adds().size() + s.removed().size();
    return n;
  }

  /** The registers, ordered by path. */
  public Collection<Register> registers() {
    return registers.values();
  }

  /** The paths of the sets, ordered. */
  public List<List<String>> setPaths() {
    return sets.values().stream().map(OrSet::path).toList();
  }

  /** The register at {@code path}, or null. */
  public @Nullable Register register(List<String> path) {
    return registers.get(key(path));
  }

  /** True when {@code path} is a set in this state. */
  public boolean hasSet(List<String> path) {
    return sets.containsKey(key(path));
  }

  /** The values of the live adds of the set at {@code path}, ordered by tag (duplicates kept). */
  public List<@Nullable Object> values(List<String> path) {
    OrSet set = sets.get(key(path));
    if (set == null) return List.of();
    return new ArrayList<>(set.adds().values()); // tags ascending
  }

  /** Every timestamp of a write or an add (not removed tags, which name other replicas' adds). */
  public Stream<Hlc> stamps() {
    return Stream.concat(registers.values().stream().map(Register::at), sets.values().stream().flatMap(s -> s.adds().keySet().stream()));
  }

  /** The latest timestamp anywhere in the state (removed tags included), or null when empty. */
  public @Nullable Hlc latest() {
    Hlc max = null;
    for (Hlc h : (Iterable<Hlc>) Stream.concat(stamps(), sets.values().stream().flatMap(s -> s.removed().stream()))::iterator) {
      max = max == null ? h : Hlc.max(max, h);
    }
    return max;
  }

  /**
   * {@code base} (an object, or null for {@code {}}) with every register and set written in, as
   * section 3 says. Keys of {@code base} the state does not mention are kept.
   */
  public Object materialize(@Nullable Object base) {
    Map<String, @Nullable Object> doc = base instanceof Map<?, ?> m ? mutable(m) : new LinkedHashMap<>();
    registers.values().stream()
        .sorted(Comparator.comparing(Register::at))
        .forEach(r -> put(doc, r.path(), r.value(), r.value() == null));
    for (OrSet s : sets.values()) put(doc, s.path(), values(s.path()), false);
    return JsonCodec.freeze(doc);
  }

  /** Sets {@code value} at {@code path} in a mutable tree, making objects on the way. */
  @SuppressWarnings("unchecked")
  static void put(Map<String, @Nullable Object> doc, List<String> path, @Nullable Object value, boolean remove) {
    Map<String, @Nullable Object> at = doc;
    for (int i = 0; i < path.size() - 1; i++) {
      Object child = at.get(path.get(i));
      Map<String, @Nullable Object> next;
      if (child instanceof Map<?, ?> m) {
        next = m instanceof LinkedHashMap ? (Map<String, @Nullable Object>) m : mutable(m);
      } else {
        if (remove) return; // nothing to remove below a field that is not an object
        next = new LinkedHashMap<>();
      }
      at.put(path.get(i), next);
      at = next;
    }
    String last = path.get(path.size() - 1);
    if (!remove) {
      at.put(last, value);
      return;
    }
    at.remove(last);
    // Removing the last field of an object removes the object too, so that "set then remove"
    // leaves what "remove" alone leaves, in whichever order the two arrive.
    for (int depth = path.size() - 1; depth > 0; depth--) {
      Map<String, @Nullable Object> parent = doc;
      for (int i = 0; i < depth - 1; i++) parent = (Map<String, @Nullable Object>) parent.get(path.get(i));
      if (parent.get(path.get(depth - 1)) instanceof Map<?, ?> m && m.isEmpty()) parent.remove(path.get(depth - 1));
      else break;
    }
  }

  private static Map<String, @Nullable Object> mutable(Map<?, ?> m) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put((String) k, v));
    return out;
  }

  // ---------------------------------------------------------------- wire form

  /** The wire form (section 4) as plain JSON values. */
  public Object toJson() {
    List<Object> regs = new ArrayList<>();
    for (Register r : registers.values()) {
      Map<String, @Nullable Object> e = new LinkedHashMap<>();
      e.put("path", r.path());
      e.put("value", r.value());
      e.put("at", r.at().toString());
      regs.add(e);
    }
    List<Object> out = new ArrayList<>();
    for (OrSet s : sets.values()) {
      List<Object> adds = new ArrayList<>();
      s.adds().forEach((tag, v) -> {
        Map<String, @Nullable Object> a = new LinkedHashMap<>();
        a.put("tag", tag.toString());
        a.put("value", v);
        adds.add(a);
      });
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", s.path());
      e.put("adds", adds);
      e.put("removed", s.removed().stream().map(Hlc::toString).toList());
      out.add(e);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("registers", regs);
    doc.put("sets", out);
    return JsonCodec.freeze(doc);
  }

  /** Reads the wire form; a {@link CrdtException} {@code INVALID} names what is wrong. Null is the empty state. */
  public static CrdtState fromJson(@Nullable Object json) {
    if (json == null) return EMPTY;
    if (!(json instanceof Map<?, ?> doc)) throw invalid("a CRDT state must be an object with \"registers\" and \"sets\"");
    for (Object k : doc.keySet()) {
      if (!"registers".equals(k) && !"sets".equals(k)) throw invalid("unknown key in a CRDT state: " + k);
    }
    CrdtState state = EMPTY;
    for (Object e : list(doc.get("registers"), "registers")) {
      Map<?, ?> r = object(e, "a register");
      only(r, "a register", "path", "value", "at");
      if (!r.containsKey("value")) throw invalid("a register needs \"value\" (null to remove the field)");
      state = state.merge(register(new Register(path(r.get("path")), r.get("value"), stamp(r.get("at")))));
    }
    for (Object e : list(doc.get("sets"), "sets")) {
      Map<?, ?> s = object(e, "a set");
      only(s, "a set", "path", "adds", "removed");
      List<String> p = path(s.get("path"));
      var adds = new TreeMap<Hlc, @Nullable Object>();
      for (Object a : list(s.get("adds"), "adds")) {
        Map<?, ?> add = object(a, "an add");
        only(add, "an add", "tag", "value");
        if (!add.containsKey("value")) throw invalid("an add needs \"value\"");
        Hlc tag = stamp(add.get("tag"));
        if (adds.put(tag, JsonCodec.freeze(add.get("value"))) != null) throw invalid("tag used twice in one set: " + tag);
      }
      var removed = new TreeSet<Hlc>();
      for (Object t : list(s.get("removed"), "removed")) removed.add(stamp(t));
      var one = new TreeMap<String, OrSet>();
      one.put(key(p), new OrSet(p, new TreeMap<>(), removed));
      CrdtState withAdds = new CrdtState(new TreeMap<>(), one);
      var addState = new TreeMap<String, OrSet>();
      addState.put(key(p), new OrSet(p, adds, new TreeSet<>()));
      state = state.merge(new CrdtState(new TreeMap<>(), addState)).merge(withAdds);
    }
    return state;
  }

  private static List<?> list(@Nullable Object v, String what) {
    if (v == null) return List.of();
    if (!(v instanceof List<?> l)) throw invalid("\"" + what + "\" must be a list");
    return l;
  }

  private static Map<?, ?> object(@Nullable Object v, String what) {
    if (!(v instanceof Map<?, ?> m)) throw invalid(what + " must be an object");
    return m;
  }

  private static void only(Map<?, ?> m, String what, String... keys) {
    for (Object k : m.keySet()) {
      if (!List.of(keys).contains(k)) throw invalid("unknown key in " + what + ": " + k);
    }
  }

  private static Hlc stamp(@Nullable Object v) {
    if (!(v instanceof String s)) throw invalid("a timestamp must be a string \"<millis>:<counter>:<node>\": " + v);
    return Hlc.parse(s);
  }

  private static List<String> path(@Nullable Object v) {
    if (!(v instanceof List<?> l)) throw invalid("a path must be a list of field names, e.g. [\"demographics\", \"age_range\"]");
    List<String> out = new ArrayList<>();
    for (Object seg : l) {
      if (!(seg instanceof String s)) throw invalid("a path holds field names only (no list indexes): " + l);
      out.add(s);
    }
    return checkPath(out);
  }

  /**
   * A field path: 1 to {@value #MAX_DEPTH} non-empty names; the first may not start with
   * {@code _} (reserved keys such as {@code _workshop} and {@code _crdt} are the server's).
   */
  static List<String> checkPath(List<String> path) {
    if (path == null || path.isEmpty() || path.size() > MAX_DEPTH) {
      throw invalid("a path must name a field in 1 to " + MAX_DEPTH + " steps: " + path);
    }
    for (String s : path) {
      if (s == null || s.isEmpty() || s.length() > 200) throw invalid("a field name must be 1 to 200 characters: " + path);
    }
    if (path.get(0).startsWith("_")) throw invalid("fields starting with _ are reserved: " + path.get(0));
    return List.copyOf(path);
  }

  private static String key(List<String> path) {
    return JsonCodec.write(path);
  }

  private static CrdtException invalid(String message) {
    return new CrdtException(CrdtException.Kind.INVALID, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrdtState s && JsonCodec.jsonEquals(toJson(), s.toJson());
  }

  @Override
  public int hashCode() {
    return JsonCodec.canonical(toJson()).hashCode();
  }

  @Override
  public String toString() {
    return JsonCodec.write(toJson());
  }
}
