package org.personacollab.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.Version;

/**
 * Where the services' executable jars are in a checkout: {@code
 * <repo>/<module>/target/<module>-<version>-exec.jar} (the {@code exec} classifier is set in the
 * root pom so that the plain jar stays the module's main artifact).
 */
public final class ServiceJars {

  /** The services in start order; {@code persona up} stops them in reverse. */
  public static final List<String> MODULES =
      List.of("session-service", "sync-service", "generation-service", "gateway-service");

  /** The system property that {@code ./persona} sets to the checkout's root. */
  public static final String HOME_PROPERTY = "persona.home";

  /** What to tell a user whose jars are missing. */
  public static final String BUILD_HINT = "./mvnw -DskipTests package";

  private ServiceJars() {}

  /** The path where {@code module}'s executable jar is expected, whether or not it exists. */
  public static Path expected(Path repoRoot, String module) {
    return repoRoot
        .resolve(module)
        .resolve("target")
        .resolve(module + "-" + Version.project() + "-exec.jar")
        .toAbsolutePath();
  }

  /**
   * The executable jar of {@code module}.
   *
   * @throws IllegalStateException if it has not been built, with a one-line message that says how
   *     to build it
   */
  public static Path locate(Path repoRoot, String module) {
    Path jar = expected(repoRoot, module);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "%s is not built (no %s); build it with %s".formatted(module, jar, BUILD_HINT));
    }
    return jar;
  }

  /**
   * The root of the checkout: the {@value #HOME_PROPERTY} system property if set, else the nearest
   * directory at or above the working directory that has {@code pom.xml} and {@code cli/pom.xml}
   * (so tests in any module find it), else the working directory.
   */
  public static Path repoRoot() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath().normalize();
    }
    Path cwd = Path.of("").toAbsolutePath().normalize();
    @Nullable Path dir = cwd;
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isRegularFile(dir.resolve("cli").resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    return cwd;
  }
}
