package org.personacollab.cli.session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Paths of the session API with the session id encoded: {@code /api/sessions/k3v9x2m7qa/join}. */
final class SessionPaths {
  private SessionPaths() {}

  static String of(String sessionId, String suffix) {
    return "/api/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20") + suffix;
  }
}
