package org.personacollab.cli.api;

import java.util.List;

/** One page of {@code GET /api/sessions}: active sessions, newest first, and the paging used. */
public record SessionPage(List<SessionSummary> sessions, long total, int offset, int limit) {
  public SessionPage {
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
  }
}
