package org.personacollab.cli.api;

import java.net.URI;
import java.net.URISyntaxException;
import org.personacollab.cli.CliException;

/**
 * The address of a Persona Collab server (its gateway) as the user gives it: {@code http://} or
 * {@code https://}, a host, an optional port and path prefix; a trailing slash is dropped. The
 * WebSocket address is the same with {@code ws://} or {@code wss://}.
 */
public final class ServerUrl {
  /** What {@code persona up} serves. */
  public static final String DEFAULT = "http://localhost:8080";

  private ServerUrl() {}

  /**
   * {@code text} as a server address, e.g. {@code http://localhost:8080}.
   *
   * @throws CliException naming the text when it is not an http(s) URL with a host
   */
  public static URI parse(String text) {
    String trimmed = text.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new CliException("'" + text + "' is not a server address; give one like " + DEFAULT);
  }

  /** The WebSocket base of {@code server}: {@code http://h:1/p} → {@code ws://h:1/p}. */
  public static URI webSocket(URI server) {
    String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + server.toString().substring(server.getScheme().length()));
  }
}
