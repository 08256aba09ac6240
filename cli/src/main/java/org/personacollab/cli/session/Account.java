package org.personacollab.cli.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.ApiClient;
import org.personacollab.cli.api.ApiException;
import org.personacollab.cli.api.Grant;
import org.personacollab.cli.api.ServerUrl;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;

/**
 * The signed-in user as the session commands see them: the stored {@link Credentials}, a client
 * of their server, and the session tokens they hold. A session token that the server no longer
 * takes (expired) is renewed by joining again, which needs no invite for an active participant.
 */
public final class Account {
  private final CredentialsStore store;
  private final ApiClient api;
  private Credentials credentials;

  Account(CredentialsStore store, Credentials credentials) {
    this.store = store;
    this.credentials = credentials;
    this.api = new ApiClient(ServerUrl.parse(credentials.server()), CliContext.HTTP_TIMEOUT);
  }

  /**
   * The account stored in {@code store}.
   *
   * @throws CliException when nobody has signed in
   */
  public static Account load(CredentialsStore store) {
    Credentials credentials = store.load().orElseThrow(() -> notSignedIn(store));
    return new Account(store, credentials);
  }

  static CliException notSignedIn(CredentialsStore store) {
    return new CliException("not signed in (no " + store.file() + "); run 'persona login --name <your name>'"
        + " [--server URL] first");
  }

  public Credentials credentials() {
    return credentials;
  }

  public ApiClient api() {
    return api;
  }

  String userToken() {
    return credentials.token();
  }

  /**
   * {@code POST /api/sessions/{id}/join}, with {@code invite} if given, and remembers the session
   * token it returns.
   */
  public Grant join(String sessionId, @Nullable String invite) {
    Map<String, String> body = new LinkedHashMap<>();
    if (invite != null) {
      body.put("invite", invite);
    }
    Grant grant = Json.MAPPER.treeToValue(api.post(SessionPaths.of(sessionId, "/join"), userToken(), body), Grant.class);
    remember(grant);
    return grant;
  }

  /** Stores the grant's session token for later commands. */
  void remember(Grant grant) {
    credentials = credentials.withSession(
        grant.session().id(),
        new Credentials.SessionToken(grant.session().name(), grant.role(), grant.token(), grant.expiresAt()));
    store.save(credentials);
  }

  /** Drops the token of a session that is over. */
  void forget(String sessionId) {
    if (credentials.session(sessionId) != null) {
      credentials = credentials.withoutSession(sessionId);
      store.save(credentials);
    }
  }

  /**
   * Runs {@code call} with a session token for {@code sessionId}: the stored one, or one from
   * joining again when none is stored or the server answers 401 to the stored one.
   */
  public <T> T withSessionToken(String sessionId, Function<String, T> call) {
    Credentials.SessionToken stored = credentials.session(sessionId);
    if (stored != null) {
      try {
        return call.apply(stored.token());
      } catch (ApiException e) {
        if (e.status() != 401) {
          throw e;
        }
      }
    }
    return call.apply(join(sessionId, null).token());
  }
}
