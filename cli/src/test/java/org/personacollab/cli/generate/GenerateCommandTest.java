package org.personacollab.cli.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Json;
import tools.jackson.databind.JsonNode;

/**
 * {@code persona generate} without {@code --session}: runs in this JVM with the research loader
 * and the offline generator, no server. The examples folder is the repository's {@code examples/}.
 */
class GenerateCommandTest {
  @TempDir Path dir;

  /** The repository's examples folder, found from wherever the tests run. */
  private static Path examples() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("examples/interviews.csv"))) return d.resolve("examples");
    }
    throw new IllegalStateException("no examples/ above the working directory");
  }

  /** Every file under {@code examples/}, as one string, to check that quotes are verbatim. */
  private static String allResearchText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(examples())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) text.append(Files.readString(file, UTF_8)).append('\n');
    }
    return text.toString();
  }

  private Path write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  void local_examples_stdoutIsOnePersonaGroundedInTheResearch() throws IOException {
    CliRun run = CliRun.run("generate", "--from", examples().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode persona = Json.MAPPER.readTree(run.out());
    assertThat(persona.isObject()).isTrue();
    assertThat(persona.path("name").asString()).isNotBlank();
    assertThat(persona.path("metadata").path("provider").asString()).isEqualTo("offline");
    assertThat(persona.path("goals").size()).isPositive();
    String research = allResearchText();
    assertThat(persona.path("quotes").size()).isPositive();
    persona.path("quotes").forEach(quote -> assertThat(research).contains(quote.asString()));
    List<String> sources = new ArrayList<>();
    persona.path("evidence").get(0).path("sources").forEach(s -> sources.add(s.asString()));
    assertThat(sources).contains("interviews.csv", "survey.json", "observations.yaml", "workshop-notes.md",
        "transcripts/p02-interview.txt");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void local_countThreeWithOutput_arrayOnStdoutAndOnePersonaJsonPerFolder() throws IOException {
    Path out = dir.resolve("personas");

    CliRun run = CliRun.run("generate", "--from", examples().toString(), "--count", "3", "--output", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode personas = Json.MAPPER.readTree(run.out());
    assertThat(personas.isArray()).isTrue();
    assertThat(personas.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      Path file = out.resolve("persona-" + (i + 1)).resolve("persona.json");
      assertThat(Json.MAPPER.readTree(Files.readString(file))).isEqualTo(personas.get(i));
      assertThat(run.err()).contains("Wrote " + file);
    }
    assertThat(out.resolve("persona.json")).doesNotExist();
  }

  @Test
  void local_oneWithOutput_writesDirPersonaJson() throws IOException {
    write("notes/p1.txt", "Interviewer: How do you plan?\nP1: I plan every Sunday with a paper list on the fridge.\n"
        + "P1: I hate that the weekly shop takes so long.\n");
    Path out = dir.resolve("out");

    CliRun run = CliRun.run("generate", "--from", dir.resolve("notes").toString(), "--output", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode persona = Json.MAPPER.readTree(Files.readString(out.resolve("persona.json")));
    assertThat(persona).isEqualTo(Json.MAPPER.readTree(run.out()));
    assertThat(persona.toString()).contains("paper list on the fridge");
  }

  @Test
  void local_unusableFiles_reportedOnStderrAndTheRestUsed() throws IOException {
    write("data/p1.txt", "P1: I plan every Sunday with a paper list on the fridge.\n");
    write("data/deck.pptx", "slides");
    write("data/broken.json", "{\"participant\": ");

    CliRun run = CliRun.run("generate", "--from", dir.resolve("data").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Json.MAPPER.readTree(run.out()).toString()).contains("paper list on the fridge");
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).startsWith("persona: skipped broken.json").endsWith("(research_unreadable)");
    assertThat(run.errLines().get(1)).startsWith("persona: skipped deck.pptx").endsWith("(research_unsupported)");
  }

  @Test
  void local_missingFolder_failsNamingIt() {
    CliRun run = CliRun.run("generate", "--from", dir.resolve("nope").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("persona: there is no file or folder " + dir.resolve("nope"));
  }

  @Test
  void local_moreFilesThanTheLimit_failsWithTheCodeBeforeReadingAny() throws IOException {
    for (int i = 0; i <= 200; i++) write("many/p" + i + ".txt", "P" + i + ": I shop on Fridays.\n");

    CliRun run = CliRun.run("generate", "--from", dir.resolve("many").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("201 files given, at most 200 are allowed").contains("(research_too_many_files)");
  }

  @Test
  void local_fileOverTheSizeLimit_failsNamingIt() throws IOException {
    write("big/huge.txt", "P1: " + "x".repeat(5 * 1024 * 1024));

    CliRun run = CliRun.run("generate", "--from", dir.resolve("big").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("huge.txt has").contains("(research_file_too_large)");
  }

  @Test
  void local_nothingUsable_failsListingEachFile() throws IOException {
    write("bad/deck.pptx", "slides");
    write("bad/empty.md", "\n\n");

    CliRun run = CliRun.run("generate", "--from", dir.resolve("bad").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(3);
    assertThat(run.errLines().get(0)).contains("deck.pptx").endsWith("(research_unsupported)");
    assertThat(run.errLines().get(1)).contains("empty.md").endsWith("(research_empty)");
    assertThat(run.errLines().get(2)).contains("none of the 2 files could be used").endsWith("(research_empty)");
  }

  @Test
  void local_anotherProvider_saysLocalModeSupportsOnlyOffline() {
    CliRun run = CliRun.run("generate", "--from", examples().toString(), "--provider", "openai");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("local mode (without --session) supports only offline in this version, not 'openai'")
        .contains("--session ID --provider openai");
  }

  @Test
  void countOutOfRange_usageError() {
    CliRun run = CliRun.run("generate", "--from", examples().toString(), "--count", "6");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--count must be from 1 to 5, not 6");
  }

  @Test
  void remote_notSignedIn_saysHowToSignIn() {
    CliRun run = CliRun.run("--config-dir", dir.resolve("config").toString(),
        "generate", "--session", "k3v9x2m7qa", "--from", examples().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not signed in").contains("persona login");
  }
}
