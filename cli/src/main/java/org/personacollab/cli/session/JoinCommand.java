package org.personacollab.cli.session;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.ApiClient;
import org.personacollab.cli.api.ApiException;
import org.personacollab.cli.api.Grant;
import org.personacollab.cli.api.InviteRef;
import org.personacollab.cli.api.Participant;
import org.personacollab.cli.api.ServerUrl;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;
import org.personacollab.cli.join.JoinHelp;
import org.personacollab.cli.join.TerminalParticipant;
import org.personacollab.cli.login.SignIn;
import org.personacollab.client.PersonaClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona session join [ID] [--invite TOKEN|LINK] [--name NAME] [--server URL] [--watch]}:
 * joins a session ({@code POST /api/sessions/{id}/join}, with the invite if given), stores the
 * session token, and runs a {@link TerminalParticipant} on the session's WebSocket until the
 * user leaves.
 *
 * <p>The server is {@code --server}, else the one signed in to, else the invite link's, else
 * {@value ServerUrl#DEFAULT}. With {@code --name}, the user is signed in first (development login)
 * unless already signed in there under that name, so a participant needs one command.
 */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
      "Join a session as a participant in this terminal: shows the persona and who is here, prints"
          + " changes live, and reads commands (one per line, from the terminal or a pipe) to edit it.",
      "Facilitators and earlier participants join by id; new participants need the invite link.",
    },
    footer = {
      "",
      "Examples:",
      "  persona session join k3v9x2m7qa",
      "  persona session join --name bob --invite 'http://host:8080/?invite=eyJ...'",
      "  printf 'set demographics.age 34\\nquit\\n' | persona session join k3v9x2m7qa",
      "",
      JoinHelp.TEXT
    })
public final class JoinCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID",
      description = "The session's id; may be left out when --invite is given (the invite names its session).")
  @Nullable String sessionId;

  @Option(names = "--invite", paramLabel = "LINK",
      description = "The share link the facilitator sent (or just its invite token).")
  @Nullable String invite;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Sign in with this name first (development login), unless already signed in as NAME.")
  @Nullable String name;

  @Option(names = "--server", paramLabel = "URL",
      description = "The server (default: the one you signed in to, else the invite link's, else " + ServerUrl.DEFAULT + ").")
  @Nullable String server;

  @Option(names = "--watch", description = "Do not read commands: only show the persona and live changes until Ctrl-C.")
  boolean watch;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
      description = "How long to wait for the session's welcome, and on leaving for changes to be confirmed (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 15;

  @Override
  public Integer call() {
    if (timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 1 or more, not " + timeoutSeconds);
    }
    InviteRef inviteRef = invite == null ? null : InviteRef.parse(invite);
    String id = sessionId != null ? sessionId
        : Optional.ofNullable(inviteRef).flatMap(InviteRef::sessionId).orElseThrow(() -> new CommandLine.ParameterException(
            spec.commandLine(), inviteRef == null ? "give the session ID, or --invite LINK" : "the invite names no session; give the session ID too"));

    CliContext context = CliContext.of(spec);
    CredentialsStore store = context.credentials();
    Account account = new Account(store, signedIn(store, inviteRef));
    Grant grant;
    try {
      grant = account.join(id, inviteRef == null ? null : inviteRef.token());
    } catch (ApiException e) {
      throw withInviteHint(e, inviteRef, account);
    }

    TerminalParticipant.Session session = new TerminalParticipant.Session(
        grant.session().id(), grant.session().name(),
        new Participant(grant.user().id(), grant.user().name(), grant.role()),
        participants(account.api(), grant));
    PersonaClient client = PersonaClient.builder(ServerUrl.webSocket(URI.create(account.api().server())), session.id())
        .name(grant.user().name())
        .headers(Map.of("Authorization", "Bearer " + grant.token()))
        .build();
    boolean offline = mergesOffline(account.api());
    if (offline && !watch) {
      spec.commandLine().getOut().println(
          "Offline editing is on: set, add and unset wait through a lost connection and merge when it is back.");
    }
    return new TerminalParticipant(client, session, spec.commandLine().getOut(), spec.commandLine().getErr(),
        Duration.ofSeconds(timeoutSeconds))
        .offlineMode(offline)
        .run(watch ? null : context.stdin());
  }

  /** True when the server merges with conflict_resolution crdt (GET /api/collaboration); false if it cannot say. */
  static boolean mergesOffline(ApiClient api) {
    try {
      return "crdt".equals(api.get("/api/collaboration", null).path("conflict_resolution").asString());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The credentials to join with: the stored ones, or a fresh sign-in with --name. */
  private Credentials signedIn(CredentialsStore store, @Nullable InviteRef inviteRef) {
    Optional<Credentials> stored = store.load();
    URI address = ServerUrl.parse(server != null ? server
        : stored.map(Credentials::server)
            .or(() -> Optional.ofNullable(inviteRef).flatMap(InviteRef::origin).map(URI::toString))
            .orElse(ServerUrl.DEFAULT));
    String base = address.toString();
    boolean sameServer = stored.filter(c -> c.server().equals(base)).isPresent();
    boolean sameName = name == null || stored.filter(c -> c.userName().equalsIgnoreCase(name.strip())).isPresent();
    if (sameServer && sameName) {
      return stored.orElseThrow();
    }
    if (name == null) {
      throw stored.isEmpty()
          ? new CliException("not signed in; add --name <your name> to sign in, or run 'persona login' first")
          : new CliException("you are signed in to " + stored.get().server() + ", not " + base
              + "; add --name <your name> to sign in there, or run 'persona login --server " + base + "'");
    }
    Credentials fresh = SignIn.devLogin(new ApiClient(address, CliContext.HTTP_TIMEOUT), name, stored);
    store.save(fresh);
    spec.commandLine().getOut().println("Signed in to " + fresh.server() + " as " + fresh.userName() + ".");
    return fresh;
  }

  /** The session's participants for names and roles; none if the list cannot be read (not essential). */
  private static List<Participant> participants(ApiClient api, Grant grant) {
    try {
      JsonNode list = api.get(SessionPaths.of(grant.session().id(), "/participants"), grant.token());
      return List.of(Json.MAPPER.treeToValue(list, Participant[].class));
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static RuntimeException withInviteHint(ApiException e, @Nullable InviteRef inviteRef, Account account) {
    if (inviteRef != null && "invite_invalid".equals(e.code().orElse(null))) {
      Optional<URI> origin = inviteRef.origin().filter(o -> !o.toString().equals(account.api().server()));
      if (origin.isPresent()) {
        return new CliException(e.getMessage() + " The link points to " + origin.get() + ", but you joined at "
            + account.api().server() + ": if the session is there, add --server " + origin.get() + ".", e);
      }
    }
    return e;
  }
}
