package org.personacollab.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.personacollab.testkit.WithInfra;

/**
 * The workshop page in a real browser against the real system: the scenarios in
 * {@code src/test/web/page.test.mjs} (two people typing into one field at once, a generation
 * streaming to both, a viewer who cannot edit, a dropped socket with edits typed meanwhile, undo,
 * history, a tablet layout) run under {@code node --test} with playwright-core driving headless
 * Chromium (Debian's {@code chromium}; {@code .ci/run} installs it), on the {@link SharedSystem}.
 *
 * <p>Chromium or node missing is a failure with a message, not a skip. Screenshots go to
 * {@code system-tests/target/screenshots}, or to the folder named by {@code -Dpersona.screenshots}
 * ({@code -Dpersona.screenshots=../docs/screenshots} refreshes the ones the README shows).
 */
@WithInfra
@ExtendWith(SharedSystem.class)
@Order(3) // with the other users of the SharedSystem, before the classes that start their own
class WebPageIntegrationTest {
  private static RunningSystem system;

  @BeforeAll
  static void start(RunningSystem shared) {
    system = shared;
  }

  @Test
  void pageScenarios_inHeadlessChromium_allPass() throws Exception {
    WebScenarios.run(system.gatewayPort, "page.test.mjs", 16);
  }
}
