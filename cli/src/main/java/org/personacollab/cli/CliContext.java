package org.personacollab.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.config.CredentialsStore;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command gets from outside its own options: standard input (which
 * {@code persona session join} reads commands from), the environment, the home directory and the
 * global {@code --config-dir}. The real {@code main} passes the process's own; tests pass theirs
 * through {@link PersonaCli#commandLine(CliContext)}.
 */
public final class CliContext {
  /** How long a REST request may take. */
  public static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  private final InputStream stdin;
  private final Map<String, String> env;
  private final Path home;
  private @Nullable Path configDir;

  public CliContext(InputStream stdin, Map<String, String> env, Path home) {
    this.stdin = stdin;
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** The process's stdin, environment and {@code user.home}. */
  public static CliContext system() {
    return new CliContext(System.in, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The context of the command line {@code spec} belongs to. */
  public static CliContext of(CommandSpec spec) {
    return ((PersonaCli) spec.root().userObject()).context();
  }

  /** The environment variables (the process's, or a test's). */
  public Map<String, String> env() {
    return env;
  }

  /** Where commands read their input lines from. */
  public InputStream stdin() {
    return stdin;
  }

  /** The store of login and session tokens, in the directory {@link CredentialsStore#locate} picks. */
  public CredentialsStore credentials() {
    return CredentialsStore.locate(configDir, env, home);
  }

  void configDir(@Nullable Path dir) {
    this.configDir = dir;
  }
}
