package org.personacollab.generation.research;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's rules for folders and uploads: order, ignored files, problems, limits. */
class ResearchLoaderTest {

  private static final byte[] INVALID_UTF8 = {'P', '1', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};

  @TempDir Path dir;

  private final ResearchLoader loader = new ResearchLoader(ResearchLimits.defaults());

  private Path write(String relative, String content) throws IOException {
    return write(relative, content.getBytes(UTF_8));
  }

  private Path write(String relative, byte[] content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private static ResearchException thrown(Runnable action) {
    try {
      action.run();
    } catch (ResearchException e) {
      return e;
    }
    throw new AssertionError("expected a ResearchException");
  }

  @Test
  void load_folder_sortedByRelativePathWhateverTheCreationOrder() throws IOException {
    write("z.txt", "P1: I plan on Sundays.");
    write("b/notes.md", "- I always check the fridge.");
    write("B.csv", "participant,quote\nP2,I shop on Fridays\n");
    write("a.json", "[{\"participant\": \"P3\", \"answer\": \"I want to plan faster.\"}]");
    write("b/a/deep.yaml", "- participant: P4\n  note: Uses paper\n");

    ResearchBundle first = loader.load(dir);
    ResearchBundle second = loader.load(dir);

    assertThat(first.documents())
        .extracting(ResearchDocument::source)
        .containsExactly("B.csv", "a.json", "b/a/deep.yaml", "b/notes.md", "z.txt");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void load_hiddenFilesAndRootReadme_ignoredWithoutProblems() throws IOException {
    write("notes.txt", "P1: I plan on Sundays.");
    write(".hidden.txt", "P9: secret");
    write(".git/config.txt", "P9: secret");
    write("README.md", "# About this data");
    write("transcripts/README.md", "- A nested readme is data.");

    ResearchBundle bundle = loader.load(dir);

    assertThat(bundle.documents())
        .extracting(ResearchDocument::source)
        .containsExactly("notes.txt", "transcripts/README.md");
    assertThat(bundle.problems()).isEmpty();
  }

  @Test
  void load_unreadableFiles_reportedAsProblemsAndTheRestStillRead() throws IOException {
    write("good.txt", "P1: I plan on Sundays.");
    write("bad-utf8.txt", INVALID_UTF8);
    write("broken.json", "{\"participant\": ");
    write("broken.yaml", "a: [1, 2\n");
    write("report.docx", "not research");
    write("blank.md", "  \n\n");

    ResearchBundle bundle = loader.load(dir);

    assertThat(bundle.documents()).extracting(ResearchDocument::source).containsExactly("good.txt");
    assertThat(bundle.problems())
        .extracting(ResearchProblem::source, ResearchProblem::code)
        .containsExactly(
            tuple("bad-utf8.txt", "research_unreadable"),
            tuple("blank.md", "research_empty"),
            tuple("broken.json", "research_unreadable"),
            tuple("broken.yaml", "research_unreadable"),
            tuple("report.docx", "research_unsupported"));
    assertThat(bundle.problems().get(0).message())
        .contains("bad-utf8.txt", "not valid UTF-8", "offset 4");
  }

  @Test
  void load_noUsableFile_researchEmptyCarryingTheProblems() throws IOException {
    write("bad.txt", INVALID_UTF8);
    write("slides.pptx", "x");

    ResearchException e = thrown(() -> loader.load(dir));

    assertThat(e.code()).isEqualTo("research_empty");
    assertThat(e.getMessage()).contains("none of the 2 files could be used").contains("bad.txt");
    assertThat(e.problems())
        .extracting(ResearchProblem::code)
        .containsExactly("research_unreadable", "research_unsupported");
  }

  @Test
  void load_emptyFolder_researchEmpty() {
    assertThat(thrown(() -> loader.load(dir)).code()).isEqualTo("research_empty");
  }

  @Test
  void load_missingPath_unreadable() {
    ResearchException e = thrown(() -> loader.load(dir.resolve("nope")));

    assertThat(e.code()).isEqualTo("research_unreadable");
    assertThat(e.getMessage()).contains("nope");
  }

  @Test
  void load_singleFile_sourceIsTheFileName() throws IOException {
    Path file = write("deep/inside/p1.txt", "P1: I plan on Sundays.");

    assertThat(loader.load(file).documents())
        .extracting(ResearchDocument::source)
        .containsExactly("p1.txt");
  }

  @Test
  void load_moreFilesThanAllowed_tooManyFilesBeforeAnythingIsRead() throws IOException {
    write("a.txt", "P1: fine.");
    write("b.txt", INVALID_UTF8);
    write("c.docx", "unsupported files count too");
    ResearchLoader strict = new ResearchLoader(new ResearchLimits(2, 1_000, 1_000));

    ResearchException e = thrown(() -> strict.load(dir));

    assertThat(e.code()).isEqualTo("research_too_many_files");
    assertThat(e.getMessage()).contains("3 files", "at most 2");
  }

  @Test
  void load_oneFileTooLarge_fileTooLargeNamingIt() throws IOException {
    write("a.txt", "P1: fine.");
    write("big.txt", "P1: " + "x".repeat(200));
    ResearchLoader strict = new ResearchLoader(new ResearchLimits(10, 10_000, 100));

    ResearchException e = thrown(() -> strict.load(dir));

    assertThat(e.code()).isEqualTo("research_file_too_large");
    assertThat(e.getMessage()).contains("big.txt");
  }

  @Test
  void load_filesTooLargeTogether_tooLarge() throws IOException {
    for (String name : List.of("a.txt", "b.txt", "c.txt")) {
      write(name, "P1: " + "x".repeat(60));
    }
    write("ignored.bin", "x".repeat(500)); // unsupported: never read, so its bytes do not count
    ResearchLoader strict = new ResearchLoader(new ResearchLimits(10, 150, 100));

    ResearchException e = thrown(() -> strict.load(dir));

    assertThat(e.code()).isEqualTo("research_too_large");
  }

  @Test
  void load_underEveryLimit_loads() throws IOException {
    write("a.txt", "P1: " + "x".repeat(60));
    write("ignored.bin", "x".repeat(500));
    ResearchLoader strict = new ResearchLoader(new ResearchLimits(2, 100, 100));

    assertThat(strict.load(dir).documents()).hasSize(1);
  }

  @Test
  void parseAll_uploads_sameRulesAsFolders() throws IOException {
    write("z.txt", "P1: I plan on Sundays.");
    write("b/notes.md", "- I always check the fridge.");
    write("README.md", "# ignored");
    write(".DS_Store.txt", "ignored");
    write("bad.json", "{");
    List<NamedContent> uploads = new ArrayList<>();
    for (String name : List.of("z.txt", "b/notes.md", "README.md", ".DS_Store.txt", "bad.json")) {
      uploads.add(new NamedContent(name, Files.readAllBytes(dir.resolve(name))));
    }

    assertThat(loader.parseAll(uploads)).isEqualTo(loader.load(dir));
  }

  @Test
  void load_brokenSymbolicLink_reportedAsUnreadableNotSkipped() throws IOException {
    write("good.txt", "P1: I plan on Sundays.");
    Files.createSymbolicLink(dir.resolve("gone.csv"), dir.resolve("deleted.csv"));

    ResearchBundle bundle = loader.load(dir);

    assertThat(bundle.documents()).extracting(ResearchDocument::source).containsExactly("good.txt");
    assertThat(bundle.problems())
        .extracting(ResearchProblem::source, ResearchProblem::code)
        .containsExactly(tuple("gone.csv", "research_unreadable"));
    assertThat(bundle.problems().get(0).message()).contains("gone.csv", "symbolic link");
  }

  @Test
  void parseAll_absoluteUploadNames_madeRelative() {
    ResearchBundle bundle =
        loader.parseAll(
            List.of(
                new NamedContent("/home/alice/data/p1.txt", "P1: I plan on Sundays.".getBytes(UTF_8)),
                new NamedContent("./notes/p2.txt", "P2: I shop on Fridays.".getBytes(UTF_8))));

    assertThat(bundle.documents())
        .extracting(ResearchDocument::source)
        .containsExactly("home/alice/data/p1.txt", "notes/p2.txt");
  }

  @Test
  void load_everySupportedFormatInNestedFolders_normalisedWithItsSourceNamed() throws IOException {
    write("a/b/survey.csv", "participant,quote\nP2,I shop on Fridays\n");
    write("a/answers.json", "{\"responses\": [{\"participant\": \"P3\", \"goal\": \"Plan faster\"}]}");
    write("a/b/c/seen.yml", "- participant: P4\n  note: Uses paper lists\n");
    write("notes.markdown", "# Goals\n- Less waste");
    write("x/p5.text", "Interviewer: Why?\nP5: Money is tight.");

    ResearchBundle bundle = loader.load(dir);

    assertThat(bundle.documents())
        .extracting(ResearchDocument::source, ResearchDocument::format)
        .containsExactly(
            tuple("a/answers.json", ResearchFormat.JSON),
            tuple("a/b/c/seen.yml", ResearchFormat.YAML),
            tuple("a/b/survey.csv", ResearchFormat.CSV),
            tuple("notes.markdown", ResearchFormat.MARKDOWN),
            tuple("x/p5.text", ResearchFormat.TEXT));
    assertThat(bundle.documents())
        .extracting(ResearchDocument::text)
        .containsExactly(
            "responses[0].participant: P3\nresponses[0].goal: Plan faster\n",
            "[0].participant: P4\n[0].note: Uses paper lists\n",
            "participant: P2\nquote: I shop on Fridays\n",
            "Goals:\nLess waste.\n",
            "Interviewer: Why?\nP5: Money is tight.\n");
    assertThat(bundle.problems()).isEmpty();
  }

  @Test
  void parseAll_limits_enforcedBeforeParsing() {
    NamedContent small = new NamedContent("a.txt", "P1: ok".getBytes(UTF_8));
    NamedContent large = new NamedContent("b.txt", ("P1: " + "x".repeat(100)).getBytes(UTF_8));
    NamedContent invalid = new NamedContent("c.txt", INVALID_UTF8);

    assertThat(
            thrown(
                    () ->
                        new ResearchLoader(new ResearchLimits(2, 1_000, 1_000))
                            .parseAll(List.of(small, large, invalid)))
                .code())
        .isEqualTo("research_too_many_files");
    assertThat(
            thrown(
                    () ->
                        new ResearchLoader(new ResearchLimits(5, 1_000, 50))
                            .parseAll(List.of(invalid, small, large)))
                .code())
        .isEqualTo("research_file_too_large");
    assertThat(
            thrown(
                    () ->
                        new ResearchLoader(new ResearchLimits(5, 110, 110))
                            .parseAll(List.of(invalid, small, large)))
                .code())
        .isEqualTo("research_too_large");
    assertThat(thrown(() -> loader.parseAll(List.of())).code()).isEqualTo("research_empty");
  }

  @Test
  void parse_unsupportedExtension_throwsUnsupported() {
    ResearchException e = thrown(() -> loader.parse("deck.pptx", new byte[] {1}));

    assertThat(e.code()).isEqualTo("research_unsupported");
    assertThat(e.getMessage()).contains("deck.pptx", ".csv");
  }

  @Test
  void parse_undecodableBytes_unreadable() {
    byte[] utf16 = "\uFEFFP1: hi".getBytes(java.nio.charset.StandardCharsets.UTF_16);
    byte[] binary = {'P', '1', 0, 0, 1, 2};

    assertThat(thrown(() -> loader.parse("a.txt", INVALID_UTF8)).code())
        .isEqualTo("research_unreadable");
    assertThat(thrown(() -> loader.parse("a.txt", utf16)).getMessage()).contains("UTF-16");
    assertThat(thrown(() -> loader.parse("a.txt", binary)).getMessage()).contains("binary");
  }

  @Test
  void parse_overTheFileLimit_fileTooLarge() {
    ResearchLoader strict = new ResearchLoader(new ResearchLimits(1, 10, 10));

    assertThat(thrown(() -> strict.parse("a.txt", new byte[11])).code())
        .isEqualTo("research_file_too_large");
  }

  @Test
  void parse_bomOnly_empty() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    "a.md", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\r', '\n'}))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.code()).isEqualTo("research_empty"));
  }
}
