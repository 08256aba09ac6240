package org.personacollab.cli.session;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliContext;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.Grant;
import org.personacollab.cli.api.Invite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code persona session create NAME [--share] [--role editor|viewer] [--json]}: creates a session
 * with the signed-in user as facilitator ({@code POST /api/sessions}), stores the facilitator's
 * session token, and with {@code --share} creates an invite ({@code POST
 * /api/sessions/{id}/invites}) and prints its link and a message for participants.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = "Create a session with you as its facilitator; with --share, also an invite link for participants.",
    footer = {"", "Example: persona session create \"Workshop 2025-01-15\" --share"})
public final class CreateCommand implements Callable<Integer> {

  /** Roles an invite can give (a facilitator is made by changing a participant's role). */
  enum InviteRole {
    editor,
    viewer
  }

  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "NAME", description = "What people see, e.g. \"Workshop 2025-01-15\".")
  String name = "";

  @Option(names = "--share", description = "Also create an invite and print its share link and a message for participants.")
  boolean share;

  @Option(names = "--role", paramLabel = "ROLE",
      description = "Role the invite gives: ${COMPLETION-CANDIDATES} (default: editor). Implies --share.")
  @Nullable InviteRole role;

  @Option(names = "--json", description = "Print one JSON object (session, role, share) instead of text.")
  boolean json;

  @Override
  public Integer call() {
    Account account = Account.load(CliContext.of(spec).credentials());
    Grant grant = Json.MAPPER.treeToValue(
        account.api().post("/api/sessions", account.userToken(), Map.of("name", name)), Grant.class);
    account.remember(grant);

    Invite invite = null;
    if (share || role != null) {
      Map<String, String> body = Map.of("role", (role == null ? InviteRole.editor : role).name());
      invite = Json.MAPPER.treeToValue(
          account.api().post(SessionPaths.of(grant.session().id(), "/invites"), grant.token(), body), Invite.class);
    }

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.line(jsonOutput(grant, invite, account.api().server())));
    } else {
      ShareText.created(grant).forEach(out::println);
      if (invite != null) {
        ShareText.share(grant, invite, account.api().server()).forEach(out::println);
      } else {
        out.println("Join it with: persona session join " + grant.session().id());
      }
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  private static Map<String, Object> jsonOutput(Grant grant, @Nullable Invite invite, String server) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("session", grant.session());
    result.put("role", grant.role());
    if (invite != null) {
      Map<String, Object> share = new LinkedHashMap<>();
      share.put("link", invite.link());
      share.put("invite", invite.token());
      share.put("jti", invite.jti());
      share.put("role", invite.role());
      share.put("expires_at", invite.expiresAt());
      share.put("join_command", ShareText.joinCommand(invite, server));
      result.put("share", share);
    }
    return result;
  }
}
