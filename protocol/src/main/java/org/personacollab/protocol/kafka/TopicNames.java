package org.personacollab.protocol.kafka;

/**
 * The topic names for one deployment. All names share a prefix ({@code persona.} by default) so
 * that tests, or two deployments on one cluster, never see each other's records.
 */
public record TopicNames(String prefix) {
  public static final TopicNames DEFAULT = new TopicNames("persona.");

  public TopicNames {
    if (!prefix.matches("[A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("topic prefix may only hold letters, digits, '.', '_' and '-': " + prefix);
    }
  }

  /** Client edits, keyed by session id. Input of sync-service. */
  public String edits() {
    return prefix + "edits";
  }

  /** Sequenced ops and rejections, keyed by session id. Output of sync-service. */
  public String ops() {
    return prefix + "ops";
  }

  /**
   * Compacted: each session's latest snapshot (key: session id), and per partition a checkpoint
   * (key {@link SnapshotRecord#CHECKPOINT_KEY}) from which the ops partition is replayed on
   * rebuild. Partitioned like the ops.
   */
  public String snapshots() {
    return prefix + "snapshots";
  }

  /**
   * The audit log: CloudEvents (structured JSON), keyed by session id, written by the sequencer
   * in the same transactions as the ops; hash-chained per session. Partitioned like the ops.
   */
  public String audit() {
    return prefix + "audit";
  }
}
