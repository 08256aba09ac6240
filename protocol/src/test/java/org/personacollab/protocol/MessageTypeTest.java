package org.personacollab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.personacollab.protocol.MessageType.Route;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.Pong;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.protocol.kafka.TopicNames;

/**
 * The table of messages agrees with what Jackson and the compiler know: for each tagged route,
 * the {@code @JsonTypeInfo} property, the {@code @JsonSubTypes} names and classes, the sealed
 * {@code permits} list and the table's rows are the same. A frame added in one place and not
 * the others fails here.
 */
class MessageTypeTest {
  private static final WireCodec CODEC = new WireCodec();

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = {"CLIENT_TO_SERVER", "SERVER_TO_CLIENT", "OPS", "SNAPSHOTS"})
  void table_matchesJsonSubTypes(Route route) {
    JsonSubTypes subTypes = route.baseType().getAnnotation(JsonSubTypes.class);
    Map<String, Class<?>> annotated =
        Arrays.stream(subTypes.value()).collect(Collectors.toMap(JsonSubTypes.Type::name, JsonSubTypes.Type::value));

    Map<String, Class<?>> table =
        MessageType.of(route).stream().collect(Collectors.toMap(MessageType::wireName, MessageType::recordClass));

    assertThat(table).as("MessageType rows of %s vs @JsonSubTypes of %s", route, route.baseType().getSimpleName())
        .isEqualTo(annotated);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = {"CLIENT_TO_SERVER", "SERVER_TO_CLIENT", "OPS", "SNAPSHOTS"})
  void table_matchesSealedPermits(Route route) {
    Set<Class<?>> permitted = Set.of(route.baseType().getPermittedSubclasses());

    Set<Class<?>> table = MessageType.of(route).stream().map(MessageType::recordClass).collect(Collectors.toSet());

    assertThat(table).as("MessageType rows of %s vs permits of %s", route, route.baseType().getSimpleName())
        .isEqualTo(permitted);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Route.class, names = {"CLIENT_TO_SERVER", "SERVER_TO_CLIENT", "OPS", "SNAPSHOTS"})
  void tag_matchesJsonTypeInfo(Route route) {
    JsonTypeInfo info = route.baseType().getAnnotation(JsonTypeInfo.class);

    assertThat(info.use()).isEqualTo(JsonTypeInfo.Id.NAME);
    assertThat(info.include()).isEqualTo(JsonTypeInfo.As.PROPERTY);
    assertThat(route.tag()).isEqualTo(info.property());
  }

  @Test
  void editsRoute_isUntaggedWithTwoFormsOfOneRecord() {
    assertThat(Route.EDITS.tag()).isNull();
    assertThat(EditRecord.class.getAnnotation(JsonTypeInfo.class)).isNull();
    assertThat(MessageType.of(Route.EDITS))
        .extracting(MessageType::wireName, MessageType::recordClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("edit", EditRecord.class),
            org.assertj.core.groups.Tuple.tuple("op", EditRecord.class));
  }

  @Test
  void everyRoute_hasRows() {
    for (Route route : Route.values()) {
      assertThat(MessageType.of(route)).as("rows of %s", route).isNotEmpty();
    }
  }

  @Test
  void id_isUniqueAndNamesTheConstant() {
    Map<String, Long> ids =
        Arrays.stream(MessageType.values()).collect(Collectors.groupingBy(MessageType::id, Collectors.counting()));
    assertThat(ids.values()).allMatch(n -> n == 1);

    for (MessageType type : MessageType.values()) {
      // CLIENT_OP is client.op, SERVER_GENERATION_CHUNK is server.generation_chunk
      assertThat(type.name()).isEqualTo(type.id().toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
      assertThat(type.wireName()).matches("[a-z]+(_[a-z]+)*");
    }
  }

  @Test
  void summary_isOneSentence() {
    for (MessageType type : MessageType.values()) {
      assertThat(type.summary()).as(type.id()).isNotBlank().doesNotContain("\n").endsWith(".");
      assertThat(Character.isUpperCase(type.summary().charAt(0))).as(type.id()).isTrue();
    }
  }

  @Test
  void clientFrameTypes_isDerivedFromTheTable() {
    assertThat(ClientFrame.TYPES).containsExactly("hello", "edit", "op", "generate", "ping");
    assertThat(ClientFrame.TYPES).isEqualTo(MessageType.wireNames(Route.CLIENT_TO_SERVER));
  }

  @Test
  void decodeClientFrame_unknownTypeMessage_listsTheTableInOrder() {
    assertThatThrownBy(() -> CODEC.decodeClientFrame("{\"type\":\"explode\"}"))
        .hasMessage("Unknown message type \"explode\"; known types: [hello, edit, op, generate, ping]");
  }

  @Test
  void find_sameTypeStringNamesADifferentFramePerDirection() {
    assertThat(MessageType.find(Route.CLIENT_TO_SERVER, "op")).contains(MessageType.CLIENT_OP);
    assertThat(MessageType.find(Route.SERVER_TO_CLIENT, "op")).contains(MessageType.SERVER_OP);
    assertThat(MessageType.find(Route.OPS, "op")).contains(MessageType.OPS_OP);
    assertThat(MessageType.find(Route.CLIENT_TO_SERVER, "pong")).isEmpty();
  }

  @Test
  void of_classifiesInstances() {
    var op = CODEC.readTree("[{\"p\":[\"n\"],\"na\":1}]");
    assertThat(MessageType.of(Hello.of(1))).isEqualTo(MessageType.CLIENT_HELLO);
    assertThat(MessageType.of(new OpSubmit(null, 1, 0, op))).isEqualTo(MessageType.CLIENT_OP);
    assertThat(MessageType.of(new OpFrame(0, "c1", 1, op, "u", 0))).isEqualTo(MessageType.SERVER_OP);
    assertThat(MessageType.of(new Pong())).isEqualTo(MessageType.SERVER_PONG);
    assertThat(MessageType.of(EditRecord.edit("s1", "c1", 1, "u", 0, List.of("n"), CODEC.readTree("1"))))
        .isEqualTo(MessageType.EDITS_EDIT);
    assertThat(MessageType.of(EditRecord.op("s1", "c1", 1, "u", 0, 0, op))).isEqualTo(MessageType.EDITS_OP);
    assertThat(MessageType.of(new OpsRecord.Duplicate("s1", "c1", 1, 0))).isEqualTo(MessageType.OPS_ACK);
    assertThat(MessageType.of(new SnapshotRecord.Checkpoint(0, 0, 0))).isEqualTo(MessageType.SNAPSHOTS_CHECKPOINT);
    assertThatThrownBy(() -> MessageType.of("hello")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void topic_namesTheKafkaRoutesOnly() {
    Map<Route, String> topics =
        Arrays.stream(Route.values())
            .filter(Route::isKafka)
            .collect(Collectors.toMap(Function.identity(), r -> r.topic(TopicNames.DEFAULT).orElseThrow()));

    assertThat(topics).containsExactlyInAnyOrderEntriesOf(Map.of(
        Route.EDITS, "persona.edits", Route.OPS, "persona.ops", Route.SNAPSHOTS, "persona.snapshots"));
    assertThat(Route.CLIENT_TO_SERVER.topic(TopicNames.DEFAULT)).isEmpty();
    assertThat(Route.SERVER_TO_CLIENT.isKafka()).isFalse();
    assertThat(Route.OPS.topic(new TopicNames("test-1."))).contains("test-1.ops");
  }
}
