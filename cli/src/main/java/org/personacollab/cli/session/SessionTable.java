package org.personacollab.cli.session;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.cli.api.SessionPage;
import org.personacollab.cli.api.SessionSummary;
import org.personacollab.cli.config.Credentials;

/**
 * {@code persona session list} as text: one row per session in aligned columns, then where the
 * page is in the whole list.
 *
 * <pre>
 * ID          NAME                 CREATED               BY         YOU
 * k3v9x2m7qa  Workshop 2025-01-15  2025-01-15T09:00:00Z  dev:alice  facilitator
 * Page 1 of 1 (1 session).
 * </pre>
 */
final class SessionTable {
  private static final int MAX_NAME = 40;

  private SessionTable() {}

  static List<String> render(SessionPage page, Credentials credentials, int pageNumber) {
    List<String> lines = new ArrayList<>();
    if (page.sessions().isEmpty()) {
      lines.add(page.total() == 0
          ? "No active sessions. Create one with: persona session create NAME --share"
          : "No sessions on page " + pageNumber + " (" + sessions(page.total()) + " in all).");
      return lines;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "NAME", "CREATED", "BY", "YOU"});
    for (SessionSummary s : page.sessions()) {
      Credentials.SessionToken mine = credentials.session(s.id());
      rows.add(new String[] {
        s.id(), cut(s.name()), orDash(s.createdAt()), orDash(s.createdBy()), mine == null ? "-" : mine.role()
      });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    long pages = Math.max(1, (page.total() + page.limit() - 1) / Math.max(1, page.limit()));
    lines.add("Page " + pageNumber + " of " + pages + " (" + sessions(page.total()) + ").");
    return lines;
  }

  private static String sessions(long n) {
    return n + (n == 1 ? " session" : " sessions");
  }

  private static String cut(String name) {
    return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "…";
  }

  private static String orDash(@org.jspecify.annotations.Nullable String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
