package org.personacollab.cli.up;

import sun.misc.Signal;

/**
 * Turns SIGINT, SIGTERM and SIGHUP into a stop request instead of an immediate JVM shutdown, so
 * that {@code persona up} can stop its children in order and still exit 0 after Ctrl-C.
 *
 * <p>{@code sun.misc.Signal} is in the {@code jdk.unsupported} module, which exists precisely for
 * such uses and is available on every JDK 17+ without flags. Where a signal cannot be handled
 * (another platform), the JVM's default behaviour stays, and the shutdown hook that {@code up}
 * also installs still stops the children.
 */
final class Signals {

  private Signals() {}

  static void onStopRequest(Runnable action) {
    for (String name : new String[] {"INT", "TERM", "HUP"}) {
      try {
        Signal.handle(new Signal(name), signal -> action.run());
      } catch (IllegalArgumentException unsupported) {
        // this platform has no such signal, or the JVM reserves it: keep the default
      }
    }
  }
}
