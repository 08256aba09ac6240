package org.personacollab.system;

import java.time.Duration;

/** Polls an assertion until it passes (or time is up, then its last failure is thrown). */
final class Await {
  /** An assertion that may throw. */
  interface Check {
    void run() throws Exception;
  }

  private Await() {}

  static void until(Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(50);
      }
    }
  }
}
