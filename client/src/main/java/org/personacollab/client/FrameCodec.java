package org.personacollab.client;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.ServerFrame;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Frames between the wire and the OT engine: JSON text to the protocol's records with the
 * protocol's {@link WireCodec}, and json0 values between Jackson trees and ot-core's plain values.
 * Values cross by their JSON text, so numbers and strings mean the same on both sides (ot-core's
 * codec prints exactly as JavaScript does). Thread-safe.
 */
final class FrameCodec {
  /**
   * The server frame types this build can decode, read from {@link ServerFrame}'s own type table so
   * that the two never disagree. Other types (presence, user_joined, a newer server's frames) are
   * skipped, not errors: a newer server may add frames.
   */
  static final Set<String> SERVER_TYPES =
      Arrays.stream(ServerFrame.class.getAnnotation(JsonSubTypes.class).value())
          .map(JsonSubTypes.Type::name)
          .collect(Collectors.toUnmodifiableSet());

  private final WireCodec codec = new WireCodec();

  /**
   * The frame in text, or null when its type is not one this client knows.
   *
   * @throws ProtocolException when the text is not JSON, or a known frame has wrong fields
   */
  @Nullable ServerFrame decode(String text) {
    JsonNode tree = codec.readTree(text);
    JsonNode type = tree == null ? null : tree.get("type");
    if (type == null || !type.isString() || !SERVER_TYPES.contains(type.asString())) {
      return null;
    }
    try {
      return codec.mapper().treeToValue(tree, ServerFrame.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.INVALID_FRAME, "bad \"" + type.asString() + "\" frame: " + e.getMessage(), e);
    }
  }

  /** The JSON text of a client frame, with its {@code type}. */
  String encode(ClientFrame frame) {
    return codec.write(frame);
  }

  /** A json0 op from a frame's {@code op} field; {@code OtException} if it is not json0. */
  static Op op(JsonNode node) {
    return Op.parse(node.toString());
  }

  /** A document from a frame's {@code snapshot} field, as ot-core's immutable plain value. */
  static @Nullable Object value(JsonNode node) {
    return JsonCodec.parse(node.toString());
  }

  /** JSON text as a Jackson tree. */
  JsonNode tree(String json) {
    return codec.readTree(json);
  }

  /** An op as a Jackson tree for {@code OpSubmit}. */
  JsonNode node(Op op) {
    return codec.readTree(op.toString());
  }
}
