package org.personacollab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;
import org.personacollab.protocol.frame.ClientFrame;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON codec for frames and records. Strict on input: numbers are not strings, strings
 * are not numbers, {@code 1.5} is not a sequence number; unknown fields are ignored so that newer
 * clients can talk to older servers. Thread-safe; share one instance.
 *
 * <p>Output is compact and deterministic: one value, one byte sequence. Record fields come in
 * declaration order after the {@code type}/{@code kind} tag, {@code null} fields are left out (a
 * {@code null} JSON value such as an edit's {@code "value":null} is kept), JSON trees keep their
 * key order, {@link java.util.Map}s are written sorted by key (their own order may change from one
 * JVM to the next), text is UTF-8 without escapes beyond JSON's own. The golden files under
 * {@code protocol/src/test/resources/golden} pin this form down.
 *
 * <p>Client frames are decoded in two steps so that each failure gets its own code: first the
 * text must be JSON ({@code invalid_json}), then a JSON object whose {@code type} is known
 * ({@code unknown_type}), then the fields must fit the frame ({@code invalid_frame}).
 */
public final class WireCodec {
  private static final Set<String> CLIENT_TYPES = ClientFrame.TYPES;

  private final JsonMapper mapper;

  public WireCodec() {
    this.mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A snapshot's marks are a Map.copyOf, whose iteration order depends on a per-JVM
            // salt: without this the same record would be written differently after a restart.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                LogicalType.Textual,
                cfg ->
                    cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .changeDefaultPropertyInclusion(
                incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
  }

  /** The underlying mapper, configured as described above. */
  public JsonMapper mapper() {
    return mapper;
  }

  /**
   * Decodes one client frame.
   *
   * @throws ProtocolException with {@code invalid_json}, {@code unknown_type} or
   *     {@code invalid_frame}; never any other exception
   */
  public ClientFrame decodeClientFrame(String text) {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (StreamReadException e) {
      throw new ProtocolException(
          ErrorCode.INVALID_JSON, "The message is not valid JSON: " + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "The message is not valid JSON.");
    }
    if (tree == null || tree.isMissingNode() || !tree.isObject()) {
      throw new ProtocolException(
          ErrorCode.INVALID_FRAME, "A message must be a JSON object with a \"type\".");
    }
    JsonNode type = tree.get("type");
    if (type == null || !type.isString()) {
      throw new ProtocolException(
          ErrorCode.UNKNOWN_TYPE, "The message has no \"type\" string; known types: " + CLIENT_TYPES);
    }
    if (!CLIENT_TYPES.contains(type.asString())) {
      throw new ProtocolException(
          ErrorCode.UNKNOWN_TYPE,
          "Unknown message type \"" + type.asString() + "\"; known types: " + CLIENT_TYPES);
    }
    try {
      return mapper.treeToValue(tree, ClientFrame.class);
    } catch (DatabindException e) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, describe(type.asString(), e), e);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ProtocolException(
          ErrorCode.INVALID_FRAME, "Invalid \"" + type.asString() + "\" message: " + e.getMessage(), e);
    }
  }

  /** Writes any frame or record as compact JSON text. */
  public String write(Object value) {
    return mapper.writeValueAsString(value);
  }

  /** Writes any frame or record as UTF-8 JSON bytes. */
  public byte[] writeBytes(Object value) {
    return mapper.writeValueAsBytes(value);
  }

  /**
   * Reads a record or server frame of a known class.
   *
   * @throws ProtocolException with {@code invalid_json} or {@code invalid_frame}
   */
  public <T> T read(byte[] json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (StreamReadException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "Not valid JSON: " + e.getOriginalMessage(), e);
    } catch (JacksonException e) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "Not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a record or server frame of a known class from text. */
  public <T> T read(String json, Class<T> type) {
    return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
  }

  /** Parses JSON text into a tree; {@code invalid_json} if it is not JSON. */
  public JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JacksonException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "Not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String describe(String type, DatabindException e) {
    StringBuilder field = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (field.length() > 0) field.append('.');
        field.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        field.append('[').append(ref.getIndex()).append(']');
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String reason =
        root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
    // Jackson's own messages name Java types; keep only the first line for the client.
    int newline = reason == null ? -1 : reason.indexOf('\n');
    if (newline > 0) reason = reason.substring(0, newline);
    return field.length() == 0
        ? "Invalid \"" + type + "\" message: " + reason
        : "Invalid \"" + type + "\" message, field \"" + field + "\": " + reason;
  }
}
