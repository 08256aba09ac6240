package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Records of the compacted {@code persona.snapshots} topic, written by the sequencer in the same
 * transaction as the ops they cover.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SnapshotRecord.Snapshot.class, name = "snapshot"),
  @JsonSubTypes.Type(value = SnapshotRecord.Checkpoint.class, name = "checkpoint"),
})
public sealed interface SnapshotRecord {
  /** The key of checkpoint records (one per partition; compaction keeps the latest). */
  String CHECKPOINT_KEY = "~checkpoint";

  /**
   * A session's document at version {@code v} (after {@code v} ops), with the last change seen
   * from each client, so duplicates are still recognised after a rebuild.
   */
  record Snapshot(
      @JsonProperty("session_id") String sessionId,
      long v,
      JsonNode snapshot,
      Map<String, ClientMark> marks,
      @Nullable AuditHead audit,
      long ts)
      implements SnapshotRecord {
    public Snapshot {
      marks = Map.copyOf(marks);
    }
  }

  /**
   * Where the session's audit chain stands: the {@code sequence} of its last audit event and that
   * event's {@code hash} (the next event's {@code prevhash}).
   */
  record AuditHead(long sequence, String hash) {}

  /**
   * Every session whose ops lie in partition {@code partition} of the ops topic before offset
   * {@code opsOffset} (and whose audit events lie in that partition of the audit topic before
   * {@code auditOffset}) has a snapshot that covers them: a rebuild replays both partitions from
   * there.
   */
  record Checkpoint(
      int partition,
      @JsonProperty("ops_offset") long opsOffset,
      @JsonProperty("audit_offset") @Nullable Long auditOffset,
      long ts)
      implements SnapshotRecord {
    /** The audit offset to replay from; checkpoints written before the audit log have none (0). */
    public long auditOffsetOrStart() {
      return auditOffset == null ? 0 : auditOffset;
    }
  }

  /**
   * The last change the sequencer processed from one client: sequenced as op {@code v}, or, when
   * {@code code} is set, refused with that code while the document was at version {@code v}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ClientMark(long seq, long v, @Nullable String code) {
    public static ClientMark applied(long seq, long v) {
      return new ClientMark(seq, v, null);
    }

    public static ClientMark rejected(long seq, long version, String code) {
      return new ClientMark(seq, version, code);
    }

    public boolean wasApplied() {
      return code == null;
    }
  }
}
