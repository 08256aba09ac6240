package org.personacollab.generation.research;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownParsingTest {

  private final ResearchLoader loader = new ResearchLoader(ResearchLimits.defaults());

  private ResearchDocument parse(String markdown) {
    return loader.parse("notes.md", markdown.getBytes(UTF_8));
  }

  @Test
  void parse_headingsAndLists_headingsAsContextItemsAsSentences() {
    ResearchDocument document =
        parse(
            """
            # Workshop

            ## Pain points
            - Lists are **rebuilt** by hand
            * Prices compared in `tabs`
              across two shops
            1. [x] Plans break midweek!

            Goals
            -----
            A paragraph that
            spans two lines.
            """);

    assertThat(document.text())
        .isEqualTo(
            """
            Workshop:

            Pain points:
            Lists are rebuilt by hand.
            Prices compared in tabs across two shops.
            Plans break midweek!

            Goals:
            A paragraph that spans two lines.
            """);
    assertThat(document.records())
        .extracting(r -> r.get("section"), r -> r.get("kind"))
        .containsExactly(
            tuple("Workshop > Pain points", "list_item"),
            tuple("Workshop > Pain points", "list_item"),
            tuple("Workshop > Pain points", "list_item"),
            tuple("Workshop > Goals", "paragraph"));
  }

  @Test
  void parse_inlineMarkup_removedButWordsKept() {
    ResearchDocument document =
        parse(
            "- _Quick_ note with a [link](https://example.org) and ![a chart](c.png) <br> done <!--"
                + " hidden -->\n");

    assertThat(document.records().get(0).get("text"))
        .isEqualTo("Quick note with a link and a chart done.");
  }

  @Test
  void parse_frontMatterTablesQuotesAndCode_keptAsText() {
    ResearchDocument document =
        parse(
            """
            ---
            study: Diary
            ---
            > "I always plan on Sundays." (P2)

            | participant | goal |
            |---|---|
            | P1 | Plan faster |

            ```
            raw_code = 1
            ```
            """);

    assertThat(document.text())
        .isEqualTo(
            """
            study: Diary

            "I always plan on Sundays." (P2)
            participant; goal
            P1; Plan faster
            raw_code = 1
            """);
    assertThat(document.records())
        .extracting(r -> r.get("kind"))
        .isEqualTo(List.of("quote", "table_row", "table_row"));
    assertThat(document.records().get(0))
        .isEqualTo(
            Map.of("section", "", "kind", "quote", "text", "\"I always plan on Sundays.\" (P2)"));
  }
}
