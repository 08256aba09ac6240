package org.personacollab.cli.login;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.api.ApiClient;
import org.personacollab.cli.api.ServerUrl;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code persona login [--name NAME] [--server URL]}: signs in with the server's development login
 * and stores the user token and the server address for the other commands.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = {
      "Sign in to a Persona Collab server with its development login and remember the server and"
          + " your token for the other commands.",
      "The token is stored in credentials.json in the config directory (see --config-dir),"
          + " readable by you only."
    },
    footer = {"", "Example: persona login --name alice --server http://localhost:8080"})
public final class LoginCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();

  @Option(names = "--name", paramLabel = "NAME",
      description = "Your display name (default: the name you signed in with last, else your OS user name).")
  @Nullable String name;

  @Option(names = "--server", paramLabel = "URL",
      description = "The server's address (default: the one you signed in to last, else " + ServerUrl.DEFAULT + ").")
  @Nullable String server;

  @Override
  public Integer call() {
    CredentialsStore store = CliContext.of(spec).credentials();
    Optional<Credentials> previous = store.load();
    String address = server != null ? server : previous.map(Credentials::server).orElse(ServerUrl.DEFAULT);
    String who = name != null ? name : previous.map(Credentials::userName).orElse(System.getProperty("user.name", "me"));
    ApiClient api = new ApiClient(ServerUrl.parse(address), CliContext.HTTP_TIMEOUT);

    Credentials credentials = SignIn.devLogin(api, who, previous);
    store.save(credentials);

    PrintWriter out = spec.commandLine().getOut();
    out.println("Signed in to " + credentials.server() + " as " + credentials.userName() + " (" + credentials.userId() + ")"
        + (credentials.expiresAt().isEmpty() ? "." : ", until " + credentials.expiresAt() + "."));
    out.println("Saved to " + store.file() + ".");
    out.flush();
    return CommandLine.ExitCode.OK;
  }
}
