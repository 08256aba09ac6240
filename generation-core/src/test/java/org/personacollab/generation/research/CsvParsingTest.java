package org.personacollab.generation.research;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvParsingTest {

  private final ResearchLoader loader = new ResearchLoader(ResearchLimits.defaults());

  private ResearchDocument parse(String csv) {
    return loader.parse("data.csv", csv.getBytes(UTF_8));
  }

  @Test
  void parse_crlfAndBom_sameRecordsAsPlainLf() {
    ResearchDocument windows = parse("\uFEFFparticipant,quote\r\nP1,I hate lists\r\nP2,I plan\r\n");
    ResearchDocument unix = parse("participant,quote\nP1,I hate lists\nP2,I plan\n");

    assertThat(windows.records()).isEqualTo(unix.records());
    assertThat(windows.text()).isEqualTo(unix.text()).doesNotContain("\r").doesNotContain("\uFEFF");
    assertThat(windows.records().get(0).keySet()).containsExactly("participant", "quote");
  }

  @Test
  void parse_quotedFields_keepCommasDoubledQuotesAndLineBreaks() {
    ResearchDocument document =
        parse("participant,quote\r\nP1,\"Cheap, quick, \"\"easy\"\"\r\nand done.\"\r\n");

    assertThat(document.records())
        .containsExactly(Map.of("participant", "P1", "quote", "Cheap, quick, \"easy\"\nand done."));
    assertThat(document.text())
        .isEqualTo("participant: P1\nquote: Cheap, quick, \"easy\" and done.\n");
  }

  @Test
  void parse_semicolonDelimitedExport_sniffsTheDelimiter() {
    ResearchDocument document = parse("participant;age;goal\nP1;34;Plan faster, please\n");

    assertThat(document.records().get(0))
        .containsEntry("age", "34")
        .containsEntry("goal", "Plan faster, please");
  }

  @Test
  void parse_shortRowsBlankLinesAndOddHeaders_filledAndNamed() {
    ResearchDocument document = parse("participant,,participant\n\nP1\n,,\nP2,x,y\n");

    assertThat(document.records()).hasSize(2);
    assertThat(document.records().get(0))
        .containsExactly(
            Map.entry("participant", "P1"),
            Map.entry("column_2", ""),
            Map.entry("participant_2", ""));
    assertThat(document.records().get(1))
        .containsEntry("column_2", "x")
        .containsEntry("participant_2", "y");
  }

  @Test
  void parse_rowWithExtraValues_unreadableNamingTheLine() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n3,4,5\n"))
        .isInstanceOfSatisfying(
            ResearchException.class,
            e -> {
              assertThat(e.code()).isEqualTo("research_unreadable");
              assertThat(e.getMessage()).contains("data.csv").contains("line 3");
            });
  }

  @Test
  void parse_trailingEmptyCells_tolerated() {
    assertThat(parse("a,b\n1,2,,\n").records()).containsExactly(Map.of("a", "1", "b", "2"));
  }

  @Test
  void parse_unterminatedQuote_unreadableNamingWhereItStarts() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n3,\"never closed\n4,5\n"))
        .isInstanceOfSatisfying(
            ResearchException.class,
            e -> {
              assertThat(e.code()).isEqualTo("research_unreadable");
              assertThat(e.getMessage()).contains("line 3");
            });
  }

  @Test
  void parse_headerOnly_empty() {
    assertThatThrownBy(() -> parse("participant,quote\n"))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.code()).isEqualTo("research_empty"));
  }
}
