package org.personacollab.sync.domain;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;

/**
 * The size of a session's document in UTF-8 bytes as {@link JsonCodec#write} writes it, for
 * {@code persona.sync.max-document-bytes}, without writing the whole document for every change.
 *
 * <p>A document is an object, written {@code {"k1":v1,"k2":v2,…}}: its size is 2, plus each
 * entry's {@code "k":v}, plus a comma between entries, in any order. A change touches the
 * top-level entries its components' paths start with, so the size after it is the size before,
 * minus those entries as they were, plus them as they are, with the commas counted again. The
 * size before comes from the last document measured for the session, recognised by identity
 * (documents are immutable values; a batch that is redone starts from an older one, which is
 * then measured in full). A change at the root, or a document that is not an object, is measured
 * in full.
 */
final class DocumentSize {
  /** Per session: the last document measured and its size. Weak, so an evicted session's document is not kept. */
  private final Map<String, Measured> last = new ConcurrentHashMap<>();

  /** How many sizes were found without writing the whole document (for tests and metrics). */
  private final java.util.concurrent.atomic.LongAdder incremental = new java.util.concurrent.atomic.LongAdder();

  private record Measured(WeakReference<Object> document, long bytes) {}

  long incrementalCount() {
    return incremental.sum();
  }

  /** The size of {@code after}, the result of applying {@code op} to {@code before}. */
  long after(String sessionId, @Nullable Object before, @Nullable Object after, Op op) {
    Measured known = last.get(sessionId);
    Set<String> touched = touchedKeys(op);
    long bytes;
    if (known != null && before != null && known.document().get() == before && touched != null
        && before instanceof Map<?, ?> from && after instanceof Map<?, ?> to) {
      bytes = known.bytes() - commas(from) + commas(to);
      for (String key : touched) bytes += entry(to, key) - entry(from, key);
      incremental.increment();
    } else {
      bytes = full(after);
    }
    return bytes;
  }

  /** Remembers that {@code document} (now the session's latest) has {@code bytes}. */
  void remember(String sessionId, @Nullable Object document, long bytes) {
    if (document == null) last.remove(sessionId);
    else last.put(sessionId, new Measured(new WeakReference<>(document), bytes));
  }

  static long full(@Nullable Object document) {
    return utf8(JsonCodec.write(document));
  }

  /** The top-level keys the op's components act under, or null if one acts at the root. */
  static @Nullable Set<String> touchedKeys(Op op) {
    Set<String> keys = new HashSet<>();
    for (Component c : op.components()) {
      var elements = c.path().elements();
      if (elements.isEmpty() || !(elements.get(0) instanceof String key)) return null;
      keys.add(key);
    }
    return keys;
  }

  private static long entry(Map<?, ?> object, String key) {
    if (!object.containsKey(key)) return 0;
    return utf8(JsonCodec.write(key)) + 1 + utf8(JsonCodec.write(object.get(key)));
  }

  private static long commas(Map<?, ?> object) {
    return Math.max(object.size() - 1, 0);
  }

  private static long utf8(String json) {
    long bytes = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) bytes += 1; // a lone surrogate: getBytes writes '?'
      else bytes += 3;
    }
    return bytes;
  }

  /** For tests: the same as {@code JsonCodec.write(document).getBytes(UTF_8).length}. */
  static long reference(@Nullable Object document) {
    return JsonCodec.write(document).getBytes(StandardCharsets.UTF_8).length;
  }
}
