package org.personacollab.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository these tests check, and the command-line tools they run against it. */
final class Repo {
  private Repo() {}

  /** The repository's root: {@code -Dpersona.repo} (set by the pom), else the parent of the working directory. */
  static Path root() {
    String configured = System.getProperty("persona.repo");
    Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("deploy"))) {
      throw new IllegalStateException("not the repository root (no deploy/ folder): " + root);
    }
    return root;
  }

  /** What a finished command printed, and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Runs a command in {@code dir} and waits up to two minutes.
   *
   * @throws IllegalStateException if the tool is not installed (a test then fails, never skips:
   *     CI installs what these tests need, see .ci/run)
   */
  static Result run(Path dir, String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    try {
      Path out = Files.createTempFile("deploy-tests", ".out");
      Path err = Files.createTempFile("deploy-tests", ".err");
      try {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + cmd.get(0) + " (" + e.getMessage() + "); install it: see .ci/run and docs/operations.md#checking-the-deployment-files", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
