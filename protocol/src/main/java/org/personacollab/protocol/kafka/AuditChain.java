package org.personacollab.protocol.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.protocol.WireCodec;
import tools.jackson.databind.JsonNode;

/**
 * The hash chain of a session's audit log.
 *
 * <p><b>{@code hash}</b> = lowercase hex SHA-256 of the UTF-8 bytes of the event's canonical JSON
 * without its {@code hash} attribute. Canonical JSON is RFC 8785's (JCS): no whitespace, object
 * keys sorted by UTF-16 code units at every level, numbers as ECMAScript prints them, strings
 * escaped as {@code JSON.stringify} does. Each event's {@code prevhash} is the previous event's
 * {@code hash}, and the first one's is {@link #GENESIS}; {@code sequence} counts from 1 without
 * gaps. Changing, removing, inserting or reordering any event breaks the chain from there on.
 */
public final class AuditChain {
  /** The {@code prevhash} of a session's first event. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();
  private final WireCodec codec;

  public AuditChain(WireCodec codec) {
    this.codec = codec;
  }

  /**
   * The next event of a session's chain. {@code head} is the chain so far (null for none);
   * {@code type} is without the {@link AuditEvent#TYPE_PREFIX}.
   */
  public AuditEvent next(
      SnapshotRecord.@Nullable AuditHead head, String sessionId, String type, long epochMillis, JsonNode data) {
    long sequence = head == null ? 1 : head.sequence() + 1;
    String prev = head == null ? GENESIS : head.hash();
    AuditEvent event =
        new AuditEvent(
            AuditEvent.SPEC_VERSION,
            sessionId + "-" + sequence,
            "/persona-collab/sessions/" + sessionId,
            AuditEvent.TYPE_PREFIX + type,
            sessionId,
            Instant.ofEpochMilli(epochMillis).toString(),
            "application/json",
            data,
            sequence,
            prev,
            null);
    return event.withHash(hash(event));
  }

  /** The chain head after {@code event}. */
  public static SnapshotRecord.AuditHead headOf(AuditEvent event) {
    return new SnapshotRecord.AuditHead(event.sequence(), event.hash());
  }

  /** The hash an event must carry (its own {@code hash} attribute is ignored). */
  public String hash(AuditEvent event) {
    // Straight from the written JSON to the canonical form (no Jackson tree in between: this runs
    // once per sequenced op).
    return hashOf(JsonCodec.parse(codec.write(event.withHash(null))));
  }

  /** The hash of an event given as JSON as read from the topic (its {@code hash} is ignored). */
  public static String hash(JsonNode event) {
    return hashOf(JsonCodec.parse(event.toString()));
  }

  private static String hashOf(@org.jspecify.annotations.Nullable Object plain) {
    Map<String, Object> withoutHash = new LinkedHashMap<>();
    ((Map<?, ?>) plain).forEach((k, v) -> {
      if (!"hash".equals(k)) withoutHash.put((String) k, v);
    });
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(JsonCodec.canonical(withoutHash).getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A break in a chain: the first event that does not follow, and why. */
  public record Break(long sequence, String id, String reason) {}

  /**
   * Checks one session's events in log order: sequence from 1 without gaps, each prevhash the
   * previous hash, each hash correct. Returns the first break, or null if the chain holds.
   */
  public static @Nullable Break verify(List<JsonNode> events) {
    String prev = GENESIS;
    long expected = 1;
    for (JsonNode event : events) {
      long sequence = event.path("sequence").asLong(-1);
      String id = event.path("id").asString("?");
      if (sequence != expected) return new Break(sequence, id, "sequence " + sequence + " where " + expected + " was expected");
      if (!prev.equals(event.path("prevhash").asString(""))) return new Break(sequence, id, "prevhash does not match the previous event's hash");
      String hash = hash(event);
      if (!hash.equals(event.path("hash").asString(""))) return new Break(sequence, id, "hash does not match the event's content");
      prev = hash;
      expected++;
    }
    return null;
  }
}
