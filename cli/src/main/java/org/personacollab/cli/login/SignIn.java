package org.personacollab.cli.login;

import java.util.Map;
import java.util.Optional;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.ApiClient;
import org.personacollab.cli.api.ApiException;
import org.personacollab.cli.api.UserToken;
import org.personacollab.cli.config.Credentials;

/**
 * Signs a name in with the development login and turns the answer into {@link Credentials}.
 * Session tokens already stored for the same user on the same server are kept (they stay valid
 * until their own expiry); signing in as someone else, or elsewhere, starts with none.
 */
public final class SignIn {
  private SignIn() {}

  /**
   * {@code POST /api/auth/token {"name": name}} on {@code api}'s server.
   *
   * @param previous what was stored before, if anything
   * @throws ApiException with the server's words when it refuses (a bad name, the development login
   *     switched off) or cannot be reached
   * @throws CliException when the server does not look like Persona Collab at all
   */
  public static Credentials devLogin(ApiClient api, String name, Optional<Credentials> previous) {
    UserToken answer;
    try {
      answer = Json.MAPPER.treeToValue(api.post("/api/auth/token", null, Map.of("name", name)), UserToken.class);
    } catch (ApiException e) {
      if (e.status() == 404 && e.code().isEmpty()) {
        throw new CliException(api.server() + " has no /api/auth/token: is it a Persona Collab server (its gateway)?", e);
      }
      throw e;
    } catch (RuntimeException e) {
      throw new CliException("the server's answer to the login is not what Persona Collab sends: " + e.getMessage(), e);
    }
    Credentials fresh = Credentials.signedIn(api.server(), answer.user().id(), answer.user().name(), answer.token(), answer.expiresAt());
    return previous
        .filter(old -> old.server().equals(fresh.server()) && old.userId().equals(fresh.userId()))
        .map(old -> new Credentials(fresh.server(), fresh.userId(), fresh.userName(), fresh.token(), fresh.expiresAt(), old.sessions()))
        .orElse(fresh);
  }
}
