package org.personacollab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules {@link ImageTarballsTest} applies to the real images, shown to reject bad configs. */
class ImageTarballTest {
  private static final String GOOD =
      """
      {"architecture":"amd64","os":"linux","config":{
        "Entrypoint":["java","-XX:MaxRAMPercentage=75.0","-cp","@/app/jib-classpath-file","org.personacollab.gateway.GatewayApplication"],
        "ExposedPorts":{"8080/tcp":{}},
        "User":"10001:10001"}}
      """;

  private static ObjectNode good() throws IOException {
    return (ObjectNode) Manifests.JSON.readTree(GOOD);
  }

  @Test
  void goodConfig_hasNoProblem() throws IOException {
    assertThat(ImageTarball.problems(good(), 8080)).isEmpty();
  }

  @ParameterizedTest(name = "User {0}")
  @CsvSource({"'', runs as root", "0, runs as root", "0:0, runs as root", "root, runs as root", "persona, is not numeric"})
  void rootOrNamedUser_isAProblem(String user, String expected) throws IOException {
    ObjectNode config = good();
    ((ObjectNode) config.path("config")).put("User", user);

    assertThat(ImageTarball.problems(config, 8080)).singleElement().asString().contains(expected);
  }

  @Test
  void otherPort_isAProblem() throws IOException {
    assertThat(ImageTarball.problems(good(), 8082)).containsExactly("does not expose 8082/tcp (exposes {\"8080/tcp\":{}})");
  }

  @Test
  void fixedHeapOrNoMainClass_isAProblem() throws IOException {
    ObjectNode config = good();
    ArrayNode entrypoint = ((ObjectNode) config.path("config")).putArray("Entrypoint");
    entrypoint.add("java").add("-Xmx512m").add("-jar").add("/app.jar");

    assertThat(ImageTarball.problems(config, 8080)).containsExactlyInAnyOrder(
        "entrypoint sets no -XX:MaxRAMPercentage (heap from the container's limit)",
        "entrypoint fixes the heap with -Xmx; it must follow the container's limit",
        "entrypoint does not end with a service's main class: [java, -Xmx512m, -jar, /app.jar]");
  }

  @Test
  void noEntrypoint_isAProblem() throws IOException {
    ObjectNode config = good();
    ((ObjectNode) config.path("config")).remove("Entrypoint");
    JsonNode c = config;

    assertThat(ImageTarball.problems(c, 8080)).contains("entrypoint does not start java: []");
  }
}
