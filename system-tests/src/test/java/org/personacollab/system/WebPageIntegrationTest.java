package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Path web = Path.of("src/test/web").toAbsolutePath();
    assertThat(web.resolve("node_modules/playwright-core")).as("npm packages of %s (npm ci runs in the build)", web).isDirectory();
    Path screenshots = Path.of(System.getProperty("persona.screenshots", "target/screenshots")).toAbsolutePath();
    Path output = Files.createDirectories(Path.of("target")).resolve("web-page-tests.txt");
    // -Dpersona.web.tests=PATTERN runs only the scenarios whose names match (node's --test-name-pattern).
    String only = System.getProperty("persona.web.tests", "");
    List<String> command = new java.util.ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
    if (!only.isBlank()) command.add("--test-name-pattern=" + only);
    ProcessBuilder node =
        new ProcessBuilder(command)
            .directory(web.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    node.environment().put("PERSONA_BASE_URL", "http://localhost:" + system.gatewayPort);
    node.environment().put("PERSONA_SCREENSHOTS", screenshots.toString());
    node.environment().putIfAbsent("CHROMIUM_PATH", "/usr/bin/chromium");
    Process process = node.start();
    boolean done = process.waitFor(8, TimeUnit.MINUTES);
    if (!done) process.destroyForcibly();
    String report = read(output);
    System.out.println(report);
    assertThat(done).as("the page tests finished within 8 minutes:%n%s", report).isTrue();
    assertThat(process.exitValue()).as("node --test exit code; its report:%n%s", report).isZero();
    if (only.isBlank()) {
      assertThat(report).as("every scenario ran").contains("pass 16").contains("fail 0").contains("skipped 0");
    } else {
      // The others count as skipped when a name pattern picks some.
      assertThat(report).as("the scenarios matching %s ran", only).contains("fail 0").doesNotContain("pass 0");
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
