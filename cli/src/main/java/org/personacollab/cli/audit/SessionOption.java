package org.personacollab.cli.audit;

import picocli.CommandLine.Option;

/** {@code --session ID}: whose audit log. */
public final class SessionOption {
  @Option(names = {"-s", "--session"}, paramLabel = "ID", required = true, description = "The session's id.")
  String sessionId = "";
}
