package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one file of browser scenarios ({@code src/test/web/*.test.mjs}) under {@code node --test}
 * against a running system: playwright-core drives headless Chromium (Debian's {@code chromium};
 * {@code .ci/run} installs it). Chromium or node missing is a failure with a message, not a skip.
 * Screenshots go to {@code system-tests/target/screenshots}, or to {@code -Dpersona.screenshots};
 * {@code -Dpersona.web.tests=PATTERN} runs only the scenarios whose names match.
 */
final class WebScenarios {
  private WebScenarios() {}

  /**
   * Runs {@code file} against the gateway on {@code gatewayPort} and asserts that all
   * {@code expected} scenarios passed (or, with a name pattern, that the matching ones did).
   */
  static void run(int gatewayPort, String file, int expected) throws IOException, InterruptedException {
    Path web = Path.of("src/test/web").toAbsolutePath();
    assertThat(web.resolve("node_modules/playwright-core")).as("npm packages of %s (npm ci runs in the build)", web).isDirectory();
    Path screenshots = Path.of(System.getProperty("persona.screenshots", "target/screenshots")).toAbsolutePath();
    Path output = Files.createDirectories(Path.of("target")).resolve(file.replace(".test.mjs", "") + "-tests.txt");
    String only = System.getProperty("persona.web.tests", "");
    List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
    if (!only.isBlank()) command.add("--test-name-pattern=" + only);
    command.add(file);
    ProcessBuilder node = new ProcessBuilder(command).directory(web.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
    node.environment().put("PERSONA_BASE_URL", "http://localhost:" + gatewayPort);
    node.environment().put("PERSONA_SCREENSHOTS", screenshots.toString());
    node.environment().putIfAbsent("CHROMIUM_PATH", "/usr/bin/chromium");
    Process process = node.start();
    boolean done = process.waitFor(8, TimeUnit.MINUTES);
    if (!done) process.destroyForcibly();
    String report = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(report);
    assertThat(done).as("the scenarios of %s finished within 8 minutes:%n%s", file, report).isTrue();
    assertThat(process.exitValue()).as("node --test exit code; its report:%n%s", report).isZero();
    if (only.isBlank()) {
      assertThat(report).as("every scenario of %s ran", file).contains("pass " + expected).contains("fail 0").contains("skipped 0");
    } else {
      // The others count as skipped when a name pattern picks some.
      assertThat(report).as("the scenarios matching %s ran", only).contains("fail 0");
    }
  }
}
