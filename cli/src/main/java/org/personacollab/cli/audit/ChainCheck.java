package org.personacollab.cli.audit;

import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.kafka.AuditChain;
import tools.jackson.databind.JsonNode;

/**
 * The hash chain checked one event at a time, for {@code tail}: the same three rules as
 * {@link AuditChain#verify} (sequence one more than the previous, {@code prevhash} the previous
 * {@code hash}, {@code hash} over the event's content), with the hash computed by
 * {@link AuditChain#hash(JsonNode)}. Started from the beginning of the log it anchors at
 * {@link AuditChain#GENESIS} and sequence 1; started in the middle, the first event seen only has
 * its own hash checked and the links are checked from there on.
 */
final class ChainCheck {
  private @Nullable String previousHash;
  private long expectedSequence;

  private ChainCheck(@Nullable String previousHash, long expectedSequence) {
    this.previousHash = previousHash;
    this.expectedSequence = expectedSequence;
  }

  /** A check from the session's first event. */
  static ChainCheck fromGenesis() {
    return new ChainCheck(AuditChain.GENESIS, 1);
  }

  /** A check that starts wherever the first event it sees is. */
  static ChainCheck fromAnywhere() {
    return new ChainCheck(null, -1);
  }

  /**
   * Checks the next event; returns why it does not follow, or null if it does. The chain then
   * continues from this event either way, so one bad event is reported once, not at every event
   * after it.
   */
  @Nullable String next(JsonNode event) {
    long sequence = event.path("sequence").asLong(-1);
    String hash = AuditChain.hash(event);
    String reason = null;
    if (expectedSequence > 0 && sequence != expectedSequence) {
      reason = "sequence " + sequence + " where " + expectedSequence + " was expected";
    } else if (previousHash != null && !previousHash.equals(event.path("prevhash").asString(""))) {
      reason = "prevhash does not match the previous event's hash";
    } else if (!hash.equals(event.path("hash").asString(""))) {
      reason = "hash does not match the event's content";
    }
    previousHash = hash;
    expectedSequence = sequence + 1;
    return reason;
  }
}
