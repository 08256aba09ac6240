package org.personacollab.cli.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import tools.jackson.databind.JsonNode;

/**
 * An invite as a participant receives it: the share link ({@code http://host/?invite=eyJ…}, as
 * the web page reads it) or the bare token. The token is a JWT whose payload names the session
 * ({@code sid}); the CLI reads it only to know which session to join: whether the invite is
 * genuine, current and not revoked is the server's decision.
 *
 * @param token the invite token (a JWT)
 * @param origin the server part of the link ({@code http://host:port}), empty for a bare token
 */
public record InviteRef(String token, Optional<URI> origin) {

  /**
   * Reads {@code text}: a link with an {@code invite} query parameter, or a token.
   *
   * @throws CliException when it is neither
   */
  public static InviteRef parse(String text) {
    String given = text.strip();
    if (given.startsWith("http://") || given.startsWith("https://")) {
      URI link;
      try {
        link = URI.create(given);
      } catch (IllegalArgumentException e) {
        throw new CliException("the invite link is not a valid URL: " + Json.abbreviate(given, 60), e);
      }
      String token = queryParameter(link, "invite");
      if (token == null || token.isBlank()) {
        throw new CliException("the link has no invite in it (expected ...?invite=...); ask the facilitator for the share link");
      }
      URI origin = URI.create(link.getScheme() + "://" + link.getRawAuthority());
      return new InviteRef(requireJwt(token), Optional.of(origin));
    }
    return new InviteRef(requireJwt(given), Optional.empty());
  }

  /** The session the invite is for (its {@code sid} claim), if it names one. */
  public Optional<String> sessionId() {
    try {
      byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
      JsonNode claims = Json.MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
      JsonNode sid = claims.get("sid");
      return sid != null && sid.isString() ? Optional.of(sid.asString()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String requireJwt(String token) {
    if (!token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
      throw new CliException("that is neither an invite link nor an invite token: " + Json.abbreviate(token, 40));
    }
    return token;
  }

  private static @Nullable String queryParameter(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
