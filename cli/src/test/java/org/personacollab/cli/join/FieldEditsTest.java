package org.personacollab.cli.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;

/** Every command becomes the json0 op the table in FieldEdits promises, and that op applies. */
class FieldEditsTest {
  static final Object DOC = JsonCodec.parse("{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Listen\"]}");

  private static void assertOp(Op op, String expectedOp, String expectedDoc) {
    assertThat(JsonCodec.canonical(op.toPlain())).isEqualTo(JsonCodec.canonical(JsonCodec.parse(expectedOp)));
    assertThat(JsonCodec.canonical(Json0.apply(DOC, op))).isEqualTo(JsonCodec.canonical(JsonCodec.parse(expectedDoc)));
  }

  private static List<Object> path(String text) {
    return FieldPath.parse(text);
  }

  @Test
  void set_replaceInsertNestAndListItems() {
    assertOp(FieldEdits.set(DOC, path("demographics.age"), 34L), "[{\"p\":[\"demographics\",\"age\"],\"od\":33,\"oi\":34}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":34},\"goals\":[\"Ship\",\"Listen\"]}");
    assertOp(FieldEdits.set(DOC, path("title"), "Lead"), "[{\"p\":[\"title\"],\"oi\":\"Lead\"}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Listen\"],\"title\":\"Lead\"}");
    assertOp(FieldEdits.set(DOC, path("work.team.size"), 5L), "[{\"p\":[\"work\"],\"oi\":{\"team\":{\"size\":5}}}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Listen\"],\"work\":{\"team\":{\"size\":5}}}");
    assertOp(FieldEdits.set(DOC, path("goals.1"), "Hear"), "[{\"p\":[\"goals\",1],\"ld\":\"Listen\",\"li\":\"Hear\"}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Hear\"]}");
    assertOp(FieldEdits.set(DOC, path("goals[2]"), "Learn"), "[{\"p\":[\"goals\",2],\"li\":\"Learn\"}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Listen\",\"Learn\"]}");
  }

  @Test
  void add_appendsOrCreatesTheList() {
    assertOp(FieldEdits.add(DOC, path("goals"), "Learn"), "[{\"p\":[\"goals\",2],\"li\":\"Learn\"}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Listen\",\"Learn\"]}");
    assertOp(FieldEdits.add(DOC, path("quotes"), "Hi"), "[{\"p\":[\"quotes\"],\"oi\":[\"Hi\"]}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Ship\",\"Listen\"],\"quotes\":[\"Hi\"]}");
  }

  @Test
  void unset_keyOrListItem() {
    assertOp(FieldEdits.unset(DOC, path("demographics.age")), "[{\"p\":[\"demographics\",\"age\"],\"od\":33}]",
        "{\"name\":\"Sarah\",\"demographics\":{},\"goals\":[\"Ship\",\"Listen\"]}");
    assertOp(FieldEdits.unset(DOC, path("goals[0]")), "[{\"p\":[\"goals\",0],\"ld\":\"Ship\"}]",
        "{\"name\":\"Sarah\",\"demographics\":{\"age\":33},\"goals\":[\"Listen\"]}");
  }

  @Test
  void refused_beforeAnythingIsSent_withTheReason() {
    Object[][] cases = {
      {(Runnable) () -> FieldEdits.set(DOC, path("name.first"), "x"), "name is a text, so name.first cannot be reached"},
      {(Runnable) () -> FieldEdits.set(DOC, path("goals.3"), "x"), "goals has 2 items; there is no item 3 (2 appends)"},
      {(Runnable) () -> FieldEdits.set(DOC, path("goals.first"), "x"), "goals is a list: address its items by number, e.g. goals[0]"},
      {(Runnable) () -> FieldEdits.set(DOC, path("quotes.0"), "x"), "quotes does not exist, so it has no item 0; create the list first with: add quotes VALUE"},
      {(Runnable) () -> FieldEdits.add(DOC, path("name"), "x"), "name is a text, not a list; use set"},
      {(Runnable) () -> FieldEdits.unset(DOC, path("demographics.city")), "there is nothing at demographics.city"},
      {(Runnable) () -> FieldEdits.set(null, path("name"), "x"), "the persona is null, not an object; fields cannot be edited"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(((Runnable) c[0])::run).as((String) c[1]).isInstanceOf(EditException.class).hasMessage((String) c[1]);
    }
  }

  @Test
  void lookup_findsValuesIncludingNull_emptyForMissing() {
    Object doc = JsonCodec.parse("{\"a\":null,\"b\":[1]}");

    assertThat(FieldEdits.lookup(doc, path("a"))).hasValueSatisfying(f -> assertThat(f.value()).isNull());
    assertThat(FieldEdits.lookup(doc, path("b[0]"))).hasValueSatisfying(f -> assertThat(f.value()).isEqualTo(1L));
    assertThat(FieldEdits.lookup(doc, path("c"))).isEmpty();
    assertThat(FieldEdits.lookup(null, path("a"))).isEmpty();
  }

  @Test
  void inputsAreNotChanged() {
    String before = JsonCodec.canonical(DOC);

    FieldEdits.set(DOC, path("demographics.age"), 1L);
    FieldEdits.add(DOC, path("goals"), "x");
    FieldEdits.unset(DOC, path("name"));

    assertThat(JsonCodec.canonical(DOC)).isEqualTo(before);
  }
}
