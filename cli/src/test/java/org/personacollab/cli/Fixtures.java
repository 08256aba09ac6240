package org.personacollab.cli;

import java.nio.file.Path;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;

/** Canned answers of the real API and a signed-in config directory, for the command tests. */
public final class Fixtures {
  /** A user token answer of {@code POST /api/auth/token} for alice. */
  public static final String ALICE_TOKEN =
      "{\"token\":\"user-token-alice\",\"token_type\":\"Bearer\",\"expires_at\":\"2030-01-15T21:00:00Z\","
          + "\"user\":{\"id\":\"dev:alice\",\"name\":\"alice\"}}";

  private Fixtures() {}

  /** A grant (create or join) of {@code role} in session {@code id}. */
  public static String grant(String id, String name, String user, String role, String token) {
    return "{\"token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_at\":\"2030-01-15T21:00:00Z\","
        + "\"user\":{\"id\":\"dev:" + user + "\",\"name\":\"" + user + "\"},\"role\":\"" + role + "\","
        + "\"session\":" + session(id, name) + "}";
  }

  /** A session as the API shows it. */
  public static String session(String id, String name) {
    return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"created_at\":\"2030-01-15T09:00:00Z\","
        + "\"created_by\":\"dev:alice\",\"status\":\"active\"}";
  }

  /** Signs alice in to {@code server} in {@code dir}, as {@code persona login} would have. */
  public static CredentialsStore signedIn(Path dir, String server) {
    CredentialsStore store = new CredentialsStore(dir);
    store.save(Credentials.signedIn(server, "dev:alice", "alice", "user-token-alice", "2030-01-15T21:00:00Z"));
    return store;
  }
}
