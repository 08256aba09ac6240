package org.personacollab.cli.session;

import java.nio.file.Path;

/** {@code --config-dir DIR} in front of a command's arguments, so no test touches the real config. */
final class SessionArgs {
  private SessionArgs() {}

  static String[] with(Path config, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--config-dir";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }
}
