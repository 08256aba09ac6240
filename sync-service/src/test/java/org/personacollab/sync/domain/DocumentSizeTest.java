package org.personacollab.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;

class DocumentSizeTest {
  private static final String[] KEYS = {"name", "title", "goals", "demographics", "quotes", "ключ", "emoji😀", "esc\"\\\n", "0", "1"};

  /**
   * 20 documents × 300 random changes each (field sets, list inserts and deletes, typing with
   * multi-byte characters, escapes, surrogate pairs, whole-field replaces, root replaces): after
   * every change the incremental size equals the full write's byte count.
   */
  @Test
  void incrementalSize_equalsFullWrite_afterEveryRandomChange() {
    Random random = new Random(20261127);
    long changes = 0;
    long incremental = 0;
    for (int docNo = 0; docNo < 20; docNo++) {
      DocumentSize sizes = new DocumentSize();
      String session = "s" + docNo;
      Object doc = JsonCodec.parse("{}");
      long bytes = DocumentSize.full(doc);
      sizes.remember(session, doc, bytes);
      for (int step = 0; step < 300; step++) {
        Op op = randomOp(random, doc);
        Object next;
        try {
          next = Json0.apply(doc, op);
        } catch (RuntimeException doesNotApply) {
          continue;
        }
        long size = sizes.after(session, doc, next, op);
        assertThat(size).as("doc %d step %d after %s", docNo, step, op).isEqualTo(DocumentSize.reference(next));
        sizes.remember(session, next, size);
        doc = next;
        changes++;
      }
      incremental += sizes.incrementalCount();
    }
    // The comparison is about the incremental path: most changes must have taken it.
    assertThat(incremental).as("changes measured incrementally of %d", changes).isGreaterThan(changes * 3 / 4);
  }

  @Test
  void aDocumentNotTheLastOneMeasured_isMeasuredInFull() {
    DocumentSize sizes = new DocumentSize();
    Object a = JsonCodec.parse("{\"name\":\"Ada\"}");
    sizes.remember("s", a, 999); // a wrong figure for a: never used for another document
    Object b = JsonCodec.parse("{\"name\":\"Ada\",\"title\":\"x\"}");
    Object c = JsonCodec.parse("{\"name\":\"Ada\",\"title\":\"xy\"}");
    Op op = Op.parse("[{\"p\":[\"title\",1],\"si\":\"y\"}]");
    assertThat(sizes.after("s", b, c, op)).isEqualTo(DocumentSize.reference(c));
  }

  private static Op randomOp(Random r, Object doc) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) doc;
    String key = KEYS[r.nextInt(KEYS.length)];
    Object current = map.get(key);
    String k = JsonCodec.write(key);
    switch (r.nextInt(7)) {
      case 0 -> {
        Object value = randomValue(r, 2);
        return Op.parse(current == null && !map.containsKey(key)
            ? "[{\"p\":[" + k + "],\"oi\":" + JsonCodec.write(value) + "}]"
            : "[{\"p\":[" + k + "],\"od\":" + JsonCodec.write(current) + ",\"oi\":" + JsonCodec.write(value) + "}]");
      }
      case 1 -> {
        if (!map.containsKey(key)) return Op.parse("[{\"p\":[" + k + "],\"oi\":[]}]");
        return Op.parse("[{\"p\":[" + k + "],\"od\":" + JsonCodec.write(current) + "}]");
      }
      case 2 -> {
        if (current instanceof List<?> list) {
          return Op.parse("[{\"p\":[" + k + "," + r.nextInt(list.size() + 1) + "],\"li\":" + JsonCodec.write(randomValue(r, 1)) + "}]");
        }
        return Op.parse("[{\"p\":[" + k + "],\"oi\":[\"a\"]}]".replace("\"oi\"", map.containsKey(key) ? "\"od\":" + JsonCodec.write(current) + ",\"oi\"" : "\"oi\""));
      }
      case 3 -> {
        if (current instanceof List<?> list && !list.isEmpty()) {
          int i = r.nextInt(list.size());
          return Op.parse("[{\"p\":[" + k + "," + i + "],\"ld\":" + JsonCodec.write(list.get(i)) + "}]");
        }
        return Op.EMPTY;
      }
      case 4, 5 -> {
        if (current instanceof String s) {
          String typed = randomText(r, 1 + r.nextInt(6));
          return Op.parse("[{\"p\":[" + k + "," + insertionPoint(r, s) + "],\"si\":" + JsonCodec.write(typed) + "}]");
        }
        return Op.parse(map.containsKey(key)
            ? "[{\"p\":[" + k + "],\"od\":" + JsonCodec.write(current) + ",\"oi\":\"\"}]"
            : "[{\"p\":[" + k + "],\"oi\":\"\"}]");
      }
      default -> {
        if (r.nextInt(10) == 0) { // now and then the whole document
          Map<String, Object> fresh = new LinkedHashMap<>();
          fresh.put("name", randomText(r, 5));
          return Op.parse("[{\"p\":[],\"od\":" + JsonCodec.write(doc) + ",\"oi\":" + JsonCodec.write(fresh) + "}]");
        }
        if (current instanceof String s && !s.isEmpty()) {
          int at = insertionPoint(r, s);
          int end = at;
          while (end < s.length() && end - at < 3) end += Character.isHighSurrogate(s.charAt(end)) ? 2 : 1;
          if (end == at) return Op.EMPTY;
          return Op.parse("[{\"p\":[" + k + "," + at + "],\"sd\":" + JsonCodec.write(s.substring(at, end)) + "}]");
        }
        return Op.EMPTY;
      }
    }
  }

  /** A position in s that does not split a surrogate pair. */
  private static int insertionPoint(Random r, String s) {
    int at = r.nextInt(s.length() + 1);
    if (at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))) at--;
    return at;
  }

  private static Object randomValue(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> randomText(r, r.nextInt(12));
      case 1 -> r.nextInt(2000) - 1000;
      case 2 -> r.nextDouble() * 100;
      case 3 -> r.nextBoolean();
      case 4 -> null;
      case 5 -> {
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) list.add(randomValue(r, depth - 1));
        yield list;
      }
      default -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) m.put(randomText(r, 1 + r.nextInt(4)), randomValue(r, depth - 1));
        yield m;
      }
    };
  }

  private static String randomText(Random r, int length) {
    String alphabet = "abc XYZ\"\\\n\t\u0001é中\u2028";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (r.nextInt(10) == 0) out.appendCodePoint(0x1F600 + r.nextInt(40));
      else out.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
