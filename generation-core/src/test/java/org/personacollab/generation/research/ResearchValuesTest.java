package org.personacollab.generation.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The value types: formats by extension, and the invariants the compact constructors keep. */
class ResearchValuesTest {

  @Test
  void fromFileName_extensions_caseInsensitiveAndPathAware() {
    Map<String, Optional<ResearchFormat>> expected = new LinkedHashMap<>();
    expected.put("a.csv", Optional.of(ResearchFormat.CSV));
    expected.put("dir/A.JSON", Optional.of(ResearchFormat.JSON));
    expected.put("x.yml", Optional.of(ResearchFormat.YAML));
    expected.put("x.yaml", Optional.of(ResearchFormat.YAML));
    expected.put("notes.Markdown", Optional.of(ResearchFormat.MARKDOWN));
    expected.put("notes.md", Optional.of(ResearchFormat.MARKDOWN));
    expected.put("c:\\data\\p1.TXT", Optional.of(ResearchFormat.TEXT));
    expected.put("p1.text", Optional.of(ResearchFormat.TEXT));
    expected.put("deck.pptx", Optional.empty());
    expected.put("csv", Optional.empty());
    expected.put(".csv", Optional.empty());
    expected.put("trailing.", Optional.empty());
    expected.put("dir.csv/file", Optional.empty());

    expected.forEach(
        (name, format) -> assertThat(ResearchFormat.fromFileName(name)).as(name).isEqualTo(format));
  }

  @Test
  void researchDocument_records_copiedInOrderAndUnmodifiable() {
    Map<String, String> record = new LinkedHashMap<>();
    record.put("z", "1");
    record.put("a", "2");
    List<Map<String, String>> records = new ArrayList<>(List.of(record));

    ResearchDocument document =
        new ResearchDocument("s.csv", ResearchFormat.CSV, "z: 1\n", records);
    record.put("b", "3");
    records.clear();

    assertThat(document.records()).hasSize(1);
    assertThat(document.records().get(0).keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> document.records().get(0).put("c", "4"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void researchDocument_blankSourceOrText_rejected() {
    assertThatThrownBy(() -> new ResearchDocument(" ", ResearchFormat.TEXT, "x", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResearchDocument("a.txt", ResearchFormat.TEXT, " \n", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.txt");
  }

  @Test
  void researchLimits_invalidValues_rejectedNamingTheValue() {
    assertThat(ResearchLimits.defaults())
        .isEqualTo(new ResearchLimits(200, 20L * 1024 * 1024, 5L * 1024 * 1024));
    assertThatThrownBy(() -> new ResearchLimits(0, 10, 10))
        .hasMessageContaining("maxFiles")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> new ResearchLimits(1, 0, 1)).hasMessageContaining("maxTotalBytes");
    assertThatThrownBy(() -> new ResearchLimits(1, 10, 11)).hasMessageContaining("maxFileBytes");
  }

  @Test
  void namedContent_bytes_copiedBothWays() {
    byte[] bytes = {1, 2, 3};
    NamedContent content = new NamedContent("a.txt", bytes);
    bytes[0] = 9;
    content.content()[1] = 9;

    assertThat(content.content()).containsExactly(1, 2, 3);
    assertThat(content).isEqualTo(new NamedContent("a.txt", new byte[] {1, 2, 3}));
    assertThat(content.toString()).contains("a.txt", "3");
  }

  @Test
  void researchException_problems_onlyWhenGiven() {
    ResearchProblem problem = new ResearchProblem("a.txt", "research_unreadable", "bad");

    assertThat(new ResearchException("research_too_large", "big").problems()).isEmpty();
    assertThat(new ResearchException("research_empty", "none", List.of(problem)).problems())
        .containsExactly(problem);
  }
}
