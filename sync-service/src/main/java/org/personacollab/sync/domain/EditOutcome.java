package org.personacollab.sync.domain;

import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.OpsRecord;

/** What the sequencer did with one edit. */
public sealed interface EditOutcome {
  /** The document after the edit (unchanged unless {@link Applied}). */
  SessionDocument state();

  /**
   * The edit became op {@code record.v()}; {@code state} is the document after it, and
   * {@code audit} the audit event that records it.
   */
  record Applied(OpsRecord.Sequenced record, SessionDocument state, AuditEvent audit) implements EditOutcome {}

  /** An event (not a change) was recorded in the session's audit log as {@code audit}. */
  record Recorded(AuditEvent audit, SessionDocument state) implements EditOutcome {}

  /** The edit was refused; nothing changed. {@code record} tells the sender why. */
  record Rejected(OpsRecord.Rejected record, ErrorCode code, SessionDocument state) implements EditOutcome {}

  /**
   * The change's {@code src}/{@code seq} was already processed; it is not applied again.
   * {@code record}, if present, re-acknowledges it to the sender.
   */
  record Duplicate(OpsRecord.@Nullable Duplicate record, SessionDocument state) implements EditOutcome {}
}
