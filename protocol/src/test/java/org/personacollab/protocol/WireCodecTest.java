package org.personacollab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Edit;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.Generate;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.Ping;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;

class WireCodecTest {
  private final WireCodec codec = new WireCodec();

  @Test
  void decodeClientFrame_seedEdit() {
    ClientFrame frame = codec.decodeClientFrame("{\"type\":\"edit\",\"path\":\"demographics.age\",\"value\":34}");

    assertThat(frame).isInstanceOf(Edit.class);
    Edit edit = (Edit) frame;
    assertThat(edit.segments()).containsExactly("demographics", "age");
    assertThat(edit.value().asInt()).isEqualTo(34);
  }

  @Test
  void decodeClientFrame_arrayPathAndNullValue() {
    Edit edit = (Edit) codec.decodeClientFrame("{\"type\":\"edit\",\"path\":[\"goals\",2],\"value\":null}");

    assertThat(edit.segments()).containsExactly("goals", 2);
    assertThat(edit.value().isNull()).isTrue();
  }

  @Test
  void decodeClientFrame_otherTypes() {
    assertThat(codec.decodeClientFrame("{\"type\":\"ping\"}")).isEqualTo(new Ping());
    assertThat(codec.decodeClientFrame("{\"type\":\"hello\",\"protocol\":1}")).isEqualTo(Hello.of(1));
    assertThat(codec.decodeClientFrame("{\"type\":\"generate\",\"count\":2,\"extra\":true}"))
        .isEqualTo(new Generate(2, null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json                                             | invalid_json",
        "{\"type\":\"edit\",                                  | invalid_json",
        "''                                                   | invalid_frame",
        "[1,2]                                                | invalid_frame",
        "42                                                   | invalid_frame",
        "{}                                                   | unknown_type",
        "{\"type\":7}                                         | unknown_type",
        "{\"type\":\"explode\"}                               | unknown_type",
        "{\"type\":\"edit\",\"value\":1}                      | invalid_frame",
        "{\"type\":\"edit\",\"path\":\"a\"}                   | invalid_frame",
        "{\"type\":\"edit\",\"path\":5,\"value\":1}           | invalid_frame",
        "{\"type\":\"edit\",\"path\":\"a..b\",\"value\":1}    | invalid_frame",
        "{\"type\":\"edit\",\"path\":[true],\"value\":1}      | invalid_frame",
        "{\"type\":\"edit\",\"path\":[-1],\"value\":1}        | invalid_frame",
        "{\"type\":\"generate\",\"count\":\"3\"}              | invalid_frame",
        "{\"type\":\"generate\",\"count\":1.5}                | invalid_frame",
        "{\"type\":\"generate\",\"count\":99}                 | invalid_frame",
        "{\"type\":\"generate\",\"dataset\":\"../etc\"}       | invalid_frame",
        "{\"type\":\"hello\",\"protocol\":\"1\"}              | invalid_frame",
        "{\"type\":\"hello\"}                                 | invalid_frame",
        "{\"type\":\"hello\",\"protocol\":1,\"clientId\":5}   | invalid_frame",
        "{\"type\":\"op\",\"seq\":0,\"v\":0,\"op\":[]}      | invalid_frame",
        "{\"type\":\"op\",\"seq\":1,\"v\":-1,\"op\":[]}     | invalid_frame",
        "{\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":{}}      | invalid_frame",
        "{\"type\":\"op\",\"seq\":1,\"v\":0}                 | invalid_frame",
        "{\"type\":\"presence\"}                              | invalid_frame",
        "{\"type\":\"presence\",\"v\":-1}                     | invalid_frame",
        "{\"type\":\"presence\",\"v\":1,\"focus\":\"name\"}    | invalid_frame",
        "{\"type\":\"presence\",\"v\":1,\"focus\":[\"\"]}      | invalid_frame",
        "{\"type\":\"presence\",\"v\":1,\"focus\":[-1]}        | invalid_frame",
        "{\"type\":\"presence\",\"v\":1,\"caret\":-1}          | invalid_frame",
        "{\"type\":\"presence\",\"v\":1,\"selection\":[5,3]}   | invalid_frame",
        "{\"type\":\"presence\",\"v\":1,\"selection\":[5]}     | invalid_frame",
      })
  void decodeClientFrame_badInput(String text, String expectedCode) {
    assertThatThrownBy(() -> codec.decodeClientFrame(text))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo(expectedCode);
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  @Test
  void decodeClientFrame_deepPath_refusedWithLimitInMessage() {
    String path = "a" + ".a".repeat(Edit.MAX_DEPTH);
    assertThatThrownBy(() -> codec.decodeClientFrame("{\"type\":\"edit\",\"path\":\"" + path + "\",\"value\":1}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FRAME);
          assertThat(e.getMessage()).contains("deeper than " + Edit.MAX_DEPTH);
        });
  }

  @Test
  void write_serverFrames_haveTypeAndSnakeCaseSeedNames() {
    var chunk = new GenerationChunk("g1", 0, "Sarah is a...");
    assertThat(codec.write(chunk))
        .isEqualTo("{\"type\":\"generation_chunk\",\"generation_id\":\"g1\",\"index\":0,\"content\":\"Sarah is a...\"}");
    assertThat(codec.write(ErrorFrame.of(ErrorCode.INVALID_JSON, "bad")))
        .isEqualTo("{\"type\":\"error\",\"code\":\"invalid_json\",\"message\":\"bad\"}");
  }

  @Test
  void serverFrame_roundTrip() {
    var op = new OpFrame(3, "c1", 1, codec.readTree("[{\"p\":[\"name\"],\"oi\":\"Ada\"}]"), "bob", 1705312800000L);
    String text = codec.write(op);

    assertThat(text).contains("\"type\":\"op\"").contains("\"user_id\":\"bob\"");
    assertThat(codec.read(text, ServerFrame.class)).isEqualTo(op);
  }

  @Test
  void kafkaRecords_roundTrip() {
    var edit = EditRecord.edit("s1", "c1", 4, "alice", 10L, List.of("goals", 2), codec.readTree("\"x\""));
    assertThat(codec.read(codec.writeBytes(edit), EditRecord.class)).isEqualTo(edit);

    OpsRecord nack = new OpsRecord.Rejected("s1", "c1", 4, "invalid_op", "no such path");
    assertThat(codec.read(codec.writeBytes(nack), OpsRecord.class)).isEqualTo(nack);
    assertThat(codec.write(nack)).startsWith("{\"kind\":\"nack\"");
  }

  @Test
  void decodeClientFrame_op() {
    var frame = codec.decodeClientFrame("{\"type\":\"op\",\"seq\":2,\"v\":7,\"op\":[{\"p\":[\"name\",0],\"si\":\"Dr \"}]}");
    assertThat(frame).isInstanceOfSatisfying(org.personacollab.protocol.frame.OpSubmit.class, op -> {
      assertThat(op.seq()).isEqualTo(2);
      assertThat(op.v()).isEqualTo(7);
      assertThat(op.src()).isNull();
      assertThat(op.op().get(0).path("si").asString()).isEqualTo("Dr ");
    });
  }

  @Test
  void editRecord_opForm_roundTripAndExactlyOneForm() {
    var op = EditRecord.op("s1", "c1", 3, "bob", 5L, 9, codec.readTree("[{\"p\":[\"n\"],\"na\":1}]"));
    assertThat(codec.read(codec.writeBytes(op), EditRecord.class)).isEqualTo(op);
    assertThat(codec.write(op)).doesNotContain("path").doesNotContain("value");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new EditRecord("s1", "c1", 1, "u", 0, List.of("a"), codec.readTree("1"), 2L, codec.readTree("[]"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void editRecord_eventForm_roundTripAndExactlyOneForm() {
    var event = EditRecord.event("s1", "agent:session-service", "alice", 5L,
        codec.readTree("{\"type\":\"participant.joined\",\"data\":{\"user_id\":\"bob\",\"role\":\"editor\"}}"));

    assertThat(event.carriesEvent()).isTrue();
    assertThat(event.carriesOp()).isFalse();
    assertThat(event.seq()).isZero();
    assertThat(codec.read(codec.writeBytes(event), EditRecord.class)).isEqualTo(event);
    assertThat(codec.write(event)).doesNotContain("\"path\"").doesNotContain("\"op\"").contains("\"seq\":0");

    // Then an event with another form's fields, or a badly named type, or data that is no object, is refused
    var tree = codec.readTree("{\"type\":\"participant.joined\"}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new EditRecord("s1", "c1", 0, "u", 0, null, null, 2L, codec.readTree("[]"), tree))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : List.of("{\"type\":\"Participant Joined\"}", "{\"type\":\"x\"}", "{\"data\":{}}",
        "{\"type\":\"session.created\",\"data\":[1]}", "\"session.created\"")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> EditRecord.event("s1", "c1", "u", 0, codec.readTree(bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void write_mapEntries_sortedByKey_soASnapshotIsWrittenTheSameInEveryJvm() {
    // Regression: SnapshotRecord.Snapshot keeps its marks as a Map.copyOf, whose iteration order
    // depends on a salt chosen per JVM; the same snapshot was written with its marks in a
    // different order after a restart.
    var reversed = new java.util.LinkedHashMap<String, Integer>();
    reversed.put("c", 3);
    reversed.put("b", 2);
    reversed.put("a", 1);
    assertThat(codec.write(reversed)).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");

    var marks = new java.util.HashMap<String, org.personacollab.protocol.kafka.SnapshotRecord.ClientMark>();
    for (String src : List.of("c9", "c1", "agent:generation:g", "c5", "c3")) {
      marks.put(src, org.personacollab.protocol.kafka.SnapshotRecord.ClientMark.applied(1, 0));
    }
    var snapshot = new org.personacollab.protocol.kafka.SnapshotRecord.Snapshot("s1", 1, codec.readTree("{}"), marks, null, 0);
    assertThat(codec.write(snapshot))
        .contains("\"marks\":{\"agent:generation:g\":{\"seq\":1,\"v\":0},\"c1\":{\"seq\":1,\"v\":0},\"c3\":");
  }

  @Test
  void write_jsonTrees_keepTheirKeyOrder() {
    // Documents and json0 components are trees: their order is the author's, not sorted.
    assertThat(codec.write(codec.readTree("{\"p\":[\"b\"],\"od\":1,\"oi\":{\"z\":1,\"a\":2}}")))
        .isEqualTo("{\"p\":[\"b\"],\"od\":1,\"oi\":{\"z\":1,\"a\":2}}");
  }

  @Test
  void errorCode_fromCode() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.fromCode(code.code())).contains(code);
      assertThat(code.code()).matches("[a-z_]+");
    }
    assertThat(ErrorCode.fromCode("nope")).isEmpty();
  }
}
