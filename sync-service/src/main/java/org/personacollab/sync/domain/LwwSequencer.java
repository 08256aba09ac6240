package org.personacollab.sync.domain;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sequences field edits last-write-wins ({@code conflict_resolution: last_write_wins}).
 *
 * <h2>What an edit means</h2>
 *
 * An edit {@code {path, value}} sets the value at {@code path} in the document as it is when the
 * edit is sequenced (arrival order; the later write wins). The sequencer records the change as a
 * <b>json0 op against the version it applies to</b>, so every client (and the op log) sees the
 * same kind of op whatever the merge policy:
 *
 * <table>
 *   <caption>path kinds and the json0 components they become</caption>
 *   <tr><th>target</th><th>value</th><th>op</th></tr>
 *   <tr><td>object key, present</td><td>v</td><td>{@code {p, od: old, oi: v}}</td></tr>
 *   <tr><td>object key, absent</td><td>v</td><td>{@code {p, oi: v}}</td></tr>
 *   <tr><td>object key, present</td><td>null</td><td>{@code {p, od: old}}</td></tr>
 *   <tr><td>list index &lt; size</td><td>v</td><td>{@code {p, ld: old, li: v}}</td></tr>
 *   <tr><td>list index = size</td><td>v</td><td>{@code {p, li: v}} (append)</td></tr>
 *   <tr><td>list index &lt; size</td><td>null</td><td>{@code {p, ld: old}}</td></tr>
 *   <tr><td>missing parents</td><td>v</td><td>{@code {p: first missing, oi: nested objects}}</td></tr>
 *   <tr><td>the root ({@code []})</td><td>object</td><td>{@code {p: [], od: old, oi: v}}</td></tr>
 * </table>
 *
 * Removing something that is not there is a no-op that is still sequenced (an empty op), so the
 * sender gets its ack. Walking through a scalar, an index out of range, a non-numeric index into
 * a list, or a document that would exceed the size limit is refused with a typed rejection and
 * changes nothing.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LwwSequencer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonMapper json;
  private final long maxDocumentBytes;

  public LwwSequencer(JsonMapper json, long maxDocumentBytes) {
    if (maxDocumentBytes < 2) throw new IllegalArgumentException("maxDocumentBytes must be >= 2: " + maxDocumentBytes);
    this.json = json;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /** Sequences one edit against {@code state}; never throws for a bad edit (it is rejected). */
  public EditOutcome sequence(SessionDocument state, EditRecord edit, long now) {
    if (state.isDuplicate(edit.src(), edit.seq())) return new EditOutcome.Duplicate(state);
    ObjectNode next = state.snapshot().deepCopy();
    ArrayNode op;
    try {
      op = applyEdit(next, edit.path(), edit.value());
      if (!op.isEmpty() && json.writeValueAsBytes(next).length > maxDocumentBytes) {
        throw new Refusal(
            ErrorCode.DOCUMENT_TOO_LARGE,
            "The document would be larger than " + maxDocumentBytes + " bytes; nothing was changed.");
      }
    } catch (Refusal r) {
      var record = new OpsRecord.Rejected(edit.sessionId(), edit.src(), edit.seq(), r.code.code(), r.getMessage());
      return new EditOutcome.Rejected(record, r.code, state);
    }
    var record =
        new OpsRecord.Sequenced(edit.sessionId(), state.version(), edit.src(), edit.seq(), op, edit.userId(), now);
    return new EditOutcome.Applied(record, state.next(next, edit.src(), edit.seq()));
  }

  /** Applies the edit to {@code doc} in place and returns the json0 op describing it. */
  private static ArrayNode applyEdit(ObjectNode doc, List<Object> path, JsonNode value) {
    ArrayNode op = NODES.arrayNode();
    if (path.isEmpty()) {
      if (!value.isObject()) {
        throw new Refusal(ErrorCode.INVALID_OP, "The whole document can only be replaced by a JSON object.");
      }
      op.add(component(List.of()).set("od", doc.deepCopy()).set("oi", value));
      doc.removeAll();
      doc.setAll((ObjectNode) value.deepCopy());
      return op;
    }
    JsonNode container = doc;
    List<Object> opPath = new ArrayList<>();
    for (int i = 0; i < path.size() - 1; i++) {
      Object seg = path.get(i);
      if (container.isObject()) {
        String key = seg.toString();
        JsonNode child = container.get(key);
        if (child == null) {
          if (value.isNull()) return op; // nothing to remove
          opPath.add(key);
          JsonNode nested = nest(path.subList(i + 1, path.size()), value, path);
          ((ObjectNode) container).set(key, nested);
          op.add(component(opPath).set("oi", nested.deepCopy()));
          return op;
        }
        opPath.add(key);
        container = requireContainer(child, path, i);
      } else {
        int index = index((ArrayNode) container, seg, path, i, false);
        opPath.add(index);
        container = requireContainer(container.get(index), path, i);
      }
    }
    Object last = path.get(path.size() - 1);
    if (container.isObject()) {
      ObjectNode parent = (ObjectNode) container;
      String key = last.toString();
      opPath.add(key);
      JsonNode old = parent.get(key);
      if (value.isNull()) {
        if (old == null) return op;
        parent.remove(key);
        op.add(component(opPath).set("od", old));
      } else {
        ObjectNode c = component(opPath);
        if (old != null) c.set("od", old);
        c.set("oi", value.deepCopy());
        parent.set(key, value.deepCopy());
        op.add(c);
      }
    } else {
      ArrayNode list = (ArrayNode) container;
      int index = index(list, last, path, path.size() - 1, true);
      opPath.add(index);
      if (index == list.size()) {
        if (value.isNull()) return op;
        list.add(value.deepCopy());
        op.add(component(opPath).set("li", value.deepCopy()));
      } else if (value.isNull()) {
        JsonNode old = list.remove(index);
        op.add(component(opPath).set("ld", old));
      } else {
        JsonNode old = list.get(index);
        list.set(index, value.deepCopy());
        op.add(component(opPath).set("ld", old).set("li", value.deepCopy()));
      }
    }
    return op;
  }

  private static ObjectNode component(List<Object> path) {
    ObjectNode c = NODES.objectNode();
    ArrayNode p = c.putArray("p");
    for (Object seg : path) {
      if (seg instanceof Integer i) p.add(i);
      else p.add(seg.toString());
    }
    return c;
  }

  /** Builds {@code {a: {b: value}}} for the missing tail {@code [a, b]} of a path. */
  private static JsonNode nest(List<Object> tail, JsonNode value, List<Object> path) {
    JsonNode node = value.deepCopy();
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i) instanceof Integer) {
        throw new Refusal(
            ErrorCode.INVALID_OP,
            "Cannot create list index " + tail.get(i) + " inside a missing field of path " + render(path) + ".");
      }
      ObjectNode parent = NODES.objectNode();
      parent.set(tail.get(i).toString(), node);
      node = parent;
    }
    return node;
  }

  private static JsonNode requireContainer(JsonNode child, List<Object> path, int i) {
    if (!child.isContainer()) {
      throw new Refusal(
          ErrorCode.INVALID_OP,
          render(path.subList(0, i + 1)) + " is a " + child.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", not an object or list, so " + render(path) + " cannot be set.");
    }
    return child;
  }

  private static int index(ArrayNode list, Object seg, List<Object> path, int i, boolean allowAppend) {
    int index;
    if (seg instanceof Integer n) {
      index = n;
    } else {
      try {
        index = Integer.parseInt(seg.toString());
      } catch (NumberFormatException e) {
        throw new Refusal(
            ErrorCode.INVALID_OP,
            render(path.subList(0, i)) + " is a list; \"" + seg + "\" is not a list index.");
      }
    }
    int max = allowAppend ? list.size() : list.size() - 1;
    if (index < 0 || index > max) {
      throw new Refusal(
          ErrorCode.INVALID_OP,
          "Index " + index + " is out of range for " + render(path.subList(0, i)) + " (it has " + list.size()
              + " items).");
    }
    return index;
  }

  private static String render(List<Object> path) {
    if (path.isEmpty()) return "the document";
    StringBuilder out = new StringBuilder();
    for (Object seg : path) {
      if (out.length() > 0) out.append('.');
      out.append(seg);
    }
    return "\"" + out + "\"";
  }

  /** A refused edit; carries its code to the rejection. */
  private static final class Refusal extends RuntimeException {
    final ErrorCode code;

    Refusal(ErrorCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
