package org.personacollab.sync.history;

import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;

/**
 * A version older than what the read model still keeps: 410 {@code history_trimmed}, whose problem
 * names {@code earliest}, the oldest version that can still be read.
 */
public final class HistoryTrimmed extends ApiException {
  private final long earliest;
  private final boolean persistHistory;

  public HistoryTrimmed(String sessionId, long version, long earliest, boolean persistHistory) {
    super(
        ErrorCode.HISTORY_TRIMMED,
        "Version " + version + " of session " + sessionId + " is no longer kept; the history starts at version " + earliest
            + (persistHistory ? "." : " (collaboration.session.persist_history is false: only recent changes are kept)."));
    this.earliest = earliest;
    this.persistHistory = persistHistory;
  }

  /** Whether the server keeps every op (then the ops were lost another way, e.g. with Redis). */
  public boolean persistHistory() {
    return persistHistory;
  }

  /** The oldest version still available. */
  public long earliest() {
    return earliest;
  }
}
