package org.personacollab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four images Jib wrote ({@code -Pimages}; this class runs only in that profile, after the
 * services' package phase has written {@code <service>/target/jib-image.tar}). A missing tarball
 * fails the test.
 */
class ImageTarballsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "gateway-service,    8080, org.personacollab.gateway.GatewayApplication",
    "session-service,    8081, org.personacollab.session.SessionServiceApplication",
    "sync-service,       8082, org.personacollab.sync.SyncServiceApplication",
    "generation-service, 8083, org.personacollab.generation.GenerationServiceApplication",
  })
  void serviceImage_runsItsMainClassAsNonRoot_onItsPort(String service, int port, String mainClass) throws IOException {
    Path tar = Repo.root().resolve(service).resolve("target/jib-image.tar");
    assertThat(tar).as("built by ./mvnw -Pimages package").exists();

    ImageTarball image = ImageTarball.read(tar);

    assertThat(image.problems(port)).isEmpty();
    assertThat(image.config().path("config").path("Entrypoint").get(image.config().path("config").path("Entrypoint").size() - 1).asText())
        .isEqualTo(mainClass);
    assertThat(image.manifest().path("RepoTags").get(0).asText()).startsWith("persona/" + service + ":");
    // Layered: the base, then (Jib) dependencies, our snapshot modules, resources, classes, and
    // the classpath file; a change to our classes rebuilds only the small top layers.
    assertThat(image.layers()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(Files.size(tar)).isGreaterThan(50L << 20);
  }
}
