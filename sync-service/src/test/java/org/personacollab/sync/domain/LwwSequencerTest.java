package org.personacollab.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Edit;
import org.personacollab.protocol.kafka.EditRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class LwwSequencerTest {
  private static final WireCodec CODEC = new WireCodec();
  private final LwwSequencer sequencer = new LwwSequencer(CODEC.mapper(), 4096);
  private long seq;

  private static final String PERSONA =
      "{\"name\":\"Sarah\",\"demographics\":{\"age_range\":\"30-39\"},\"goals\":[\"a\",\"b\",\"c\"]}";

  private SessionDocument doc(String json) {
    return new SessionDocument("s1", 7, (ObjectNode) CODEC.readTree(json), java.util.Map.of());
  }

  private EditRecord edit(String path, String valueJson) {
    // Paths are parsed exactly as the gateway parses a client's edit frame.
    Edit frame = new Edit(CODEC.readTree(path.startsWith("[") ? path : "\"" + path + "\""), CODEC.readTree(valueJson));
    return new EditRecord("s1", "c1", ++seq, "alice", 0, frame.segments(), frame.value());
  }

  /** Given a persona, when {path} is set to {value}, the document becomes {after} and the op is {op}. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          demographics.age      | 34       | {"name":"Sarah","demographics":{"age_range":"30-39","age":34},"goals":["a","b","c"]} | [{"p":["demographics","age"],"oi":34}]
          name                  | "Ada"    | {"name":"Ada","demographics":{"age_range":"30-39"},"goals":["a","b","c"]}          | [{"p":["name"],"od":"Sarah","oi":"Ada"}]
          name                  | null     | {"demographics":{"age_range":"30-39"},"goals":["a","b","c"]}                       | [{"p":["name"],"od":"Sarah"}]
          title                 | null     | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c"]}        | []
          goals.1               | "B"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","B","c"]}        | [{"p":["goals",1],"ld":"b","li":"B"}]
          goals.3               | "d"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c","d"]}    | [{"p":["goals",3],"li":"d"}]
          goals.0               | null     | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["b","c"]}            | [{"p":["goals",0],"ld":"a"}]
          ["goals",2]           | "C"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","C"]}        | [{"p":["goals",2],"ld":"c","li":"C"}]
          missing.0             | "A"      | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c"],"missing":{"0":"A"}} | [{"p":["missing"],"oi":{"0":"A"}}]
          evidence.interviews.p1 | "yes"   | {"name":"Sarah","demographics":{"age_range":"30-39"},"goals":["a","b","c"],"evidence":{"interviews":{"p1":"yes"}}} | [{"p":["evidence"],"oi":{"interviews":{"p1":"yes"}}}]
          """)
  void sequence_applies(String path, String value, String after, String op) {
    SessionDocument before = doc(PERSONA);
    EditOutcome outcome = sequencer.sequence(before, edit(path, value), 42);

    assertThat(outcome).isInstanceOf(EditOutcome.Applied.class);
    EditOutcome.Applied applied = (EditOutcome.Applied) outcome;
    assertThat(applied.state().snapshot()).isEqualTo(CODEC.readTree(after));
    assertThat(applied.record().op()).isEqualTo(CODEC.readTree(op));
    assertThat(applied.record().v()).isEqualTo(7);
    assertThat(applied.state().version()).isEqualTo(8);
    assertThat(applied.record().userId()).isEqualTo("alice");
    assertThat(applied.record().ts()).isEqualTo(42);
    // The input state is a value: untouched.
    assertThat(before.snapshot()).isEqualTo(CODEC.readTree(PERSONA));
  }

  @ParameterizedTest(name = "{0} = {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          name.first     | "A"  | invalid_op | "name" is a string
          goals.x        | "A"  | invalid_op | not a list index
          goals.9        | "A"  | invalid_op | out of range
          goals.7.x      | "A"  | invalid_op | out of range
          ["missing",0]  | "A"  | invalid_op | Cannot create list index
          ''             | 5    | invalid_op | replaced by a JSON object
          ''             | null | invalid_op | replaced by a JSON object
          quotes         | "%s" | document_too_large | larger than 4096
          """)
  void sequence_rejects_andChangesNothing(String path, String value, String code, String message) {
    SessionDocument before = doc(PERSONA);
    String v = value.contains("%s") ? value.formatted("x".repeat(5000)) : value;

    EditOutcome outcome = sequencer.sequence(before, edit(path, v), 42);

    assertThat(outcome).isInstanceOf(EditOutcome.Rejected.class);
    EditOutcome.Rejected rejected = (EditOutcome.Rejected) outcome;
    assertThat(rejected.record().code()).isEqualTo(code);
    assertThat(rejected.record().message()).contains(message);
    assertThat(rejected.record().seq()).isEqualTo(seq);
    assertThat(rejected.state()).isSameAs(before);
    assertThat(before.snapshot()).isEqualTo(CODEC.readTree(PERSONA));
  }

  @Test
  void sequence_rootReplace() {
    String persona = "{\"name\":\"Generated\",\"goals\":[\"x\"]}";
    EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(doc(PERSONA), edit("", persona), 1);

    assertThat(a.state().snapshot()).isEqualTo(CODEC.readTree(persona));
    assertThat(a.record().op().get(0).get("p").isEmpty()).isTrue();
    assertThat(a.record().op().get(0).get("od")).isEqualTo(CODEC.readTree(PERSONA));
  }

  @Test
  void sequence_duplicateSeqFromSameClient_droppedWithoutChange() {
    SessionDocument state = doc("{}");
    EditRecord first = edit("name", "\"A\"");
    EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(state, first, 1);

    EditOutcome again = sequencer.sequence(a.state(), first, 2);

    assertThat(again).isInstanceOf(EditOutcome.Duplicate.class);
    assertThat(again.state()).isSameAs(a.state());
    // Another client's seq 1 is not a duplicate.
    EditRecord other = new EditRecord("s1", "c2", first.seq(), "bob", 0, List.of("name"), CODEC.readTree("\"B\""));
    assertThat(sequencer.sequence(a.state(), other, 3)).isInstanceOf(EditOutcome.Applied.class);
  }

  @Test
  void sequence_manyEdits_versionsAreGapFree_andReplayOfOpsMatches() {
    SessionDocument state = SessionDocument.empty("s1");
    List<JsonNode> ops = new ArrayList<>();
    String[][] edits = {
      {"name", "\"Sarah\""}, {"goals", "[]"}, {"goals.0", "\"plan\""}, {"goals.1", "\"shop\""},
      {"demographics.age", "34"}, {"goals.0", "null"}, {"name", "\"Sara\""},
    };
    for (int i = 0; i < edits.length; i++) {
      EditOutcome.Applied a = (EditOutcome.Applied) sequencer.sequence(state, edit(edits[i][0], edits[i][1]), i);
      assertThat(a.record().v()).isEqualTo(i);
      ops.add(a.record().op());
      state = a.state();
    }
    assertThat(state.version()).isEqualTo(edits.length);
    assertThat(state.snapshot())
        .isEqualTo(CODEC.readTree("{\"name\":\"Sara\",\"goals\":[\"shop\"],\"demographics\":{\"age\":34}}"));
  }
}
