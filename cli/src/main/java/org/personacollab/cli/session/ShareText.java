package org.personacollab.cli.session;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.cli.api.Grant;
import org.personacollab.cli.api.Invite;

/**
 * What {@code persona session create --share} prints for people: the session, the share link and
 * a message to send to participants, with both ways in (the web page the link opens, and the
 * terminal participant). The link is the server's own ({@code persona.public-url} + {@code
 * /?invite=}); the terminal command names {@code server} only when the link points elsewhere.
 */
final class ShareText {
  private ShareText() {}

  /** The lines after creating a session. */
  static List<String> created(Grant grant) {
    return List.of(
        "Created session " + grant.session().id() + " \"" + grant.session().name() + "\"; you are its " + grant.role() + ".");
  }

  /** The lines that present an invite. */
  static List<String> share(Grant grant, Invite invite, String server) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Share link (" + invite.role() + (invite.expiresAt().isEmpty() ? "" : ", valid until " + invite.expiresAt()) + "):");
    lines.add("  " + invite.link());
    lines.add("");
    lines.add("Send this to participants:");
    lines.add("  You are invited to the persona workshop \"" + grant.session().name() + "\".");
    lines.add("  In a browser, open:  " + invite.link());
    lines.add("  In a terminal, run:  " + joinCommand(invite, server));
    return lines;
  }

  /** The command a participant runs to join from a terminal. */
  static String joinCommand(Invite invite, String server) {
    String serverOption = invite.link().startsWith(server + "/") ? "" : " --server " + server;
    return "persona session join" + serverOption + " --name '<your name>' --invite '" + invite.link() + "'";
  }
}
