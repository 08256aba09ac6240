package org.personacollab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.personacollab.protocol.MessageType.Route;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.Pong;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.frame.PresenceUpdate;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.frame.Welcome;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.protocol.kafka.TopicNames;

/**
 * The table of messages agrees with what Jackson and the compiler know: for each tagged route,
 * the {@code @JsonTypeInfo} property, the {@code @JsonSubTypes} names and classes, the sealed
 * {@code permits} list and the table's rows are the same. A frame added in one place and not
 * the others fails here. The two untagged routes are checked against what tells their rows
 * apart instead: the fields of an edit record, the CloudEvent {@code type} of an audit event.
 */
class MessageTypeTest {
  private static final WireCodec CODEC = new WireCodec();

  /** The routes whose rows are Jackson subtypes: every route with a tag. */
  static List<Route> taggedRoutes() {
    return Arrays.stream(Route.values()).filter(r -> r.tag() != null).toList();
  }

  @Test
  void routes_areTheFourTaggedOnes_plusEditsAndAudit() {
    // The tagged routes are checked against Jackson below; an untagged route needs its own test
    // like the edits and audit ones, so a new one must be named here.
    assertThat(taggedRoutes()).containsExactly(Route.CLIENT_TO_SERVER, Route.SERVER_TO_CLIENT, Route.OPS, Route.SNAPSHOTS);
    assertThat(Arrays.stream(Route.values()).filter(r -> r.tag() == null)).containsExactly(Route.EDITS, Route.AUDIT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taggedRoutes")
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
  @MethodSource("taggedRoutes")
  void table_matchesSealedPermits(Route route) {
    Set<Class<?>> permitted = Set.of(route.baseType().getPermittedSubclasses());

    Set<Class<?>> table = MessageType.of(route).stream().map(MessageType::recordClass).collect(Collectors.toSet());

    assertThat(table).as("MessageType rows of %s vs permits of %s", route, route.baseType().getSimpleName())
        .isEqualTo(permitted);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taggedRoutes")
  void tag_matchesJsonTypeInfo(Route route) {
    JsonTypeInfo info = route.baseType().getAnnotation(JsonTypeInfo.class);

    assertThat(info.use()).isEqualTo(JsonTypeInfo.Id.NAME);
    assertThat(info.include()).isEqualTo(JsonTypeInfo.As.PROPERTY);
    assertThat(route.tag()).isEqualTo(info.property());
  }

  @Test
  void editsRoute_isUntaggedWithFourFormsOfOneRecord() {
    assertThat(Route.EDITS.tag()).isNull();
    assertThat(EditRecord.class.getAnnotation(JsonTypeInfo.class)).isNull();
    assertThat(MessageType.of(Route.EDITS))
        .extracting(MessageType::wireName, MessageType::recordClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("edit", EditRecord.class),
            org.assertj.core.groups.Tuple.tuple("op", EditRecord.class),
            org.assertj.core.groups.Tuple.tuple("event", EditRecord.class),
            org.assertj.core.groups.Tuple.tuple("workshop", EditRecord.class),
            org.assertj.core.groups.Tuple.tuple("merge", EditRecord.class));
  }

  @Test
  void auditRoute_isUntaggedCloudEventsOfOneRecord() {
    assertThat(Route.AUDIT.tag()).isNull();
    assertThat(AuditEvent.class.getAnnotation(JsonTypeInfo.class)).isNull();
    assertThat(AuditEvent.class.isRecord()).isTrue();
    assertThat(MessageType.of(Route.AUDIT))
        .extracting(MessageType::wireName, MessageType::recordClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("op.sequenced", AuditEvent.class),
            org.assertj.core.groups.Tuple.tuple("event", AuditEvent.class));
  }

  @Test
  void auditRoute_hasARowForEveryTypeTheCodeNames() throws IllegalAccessException {
    // The event types the code itself emits are AuditEvent's String constants after the prefix
    // (today OP_SEQUENCED); each has its own row, named by the type without the prefix. Every
    // other type comes from an event record and is the "event" row.
    Set<String> constants = new java.util.TreeSet<>();
    for (Field field : AuditEvent.class.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isPublic(m) && field.getType() == String.class) {
        String value = (String) field.get(null);
        if (value.startsWith(AuditEvent.TYPE_PREFIX) && !value.equals(AuditEvent.TYPE_PREFIX)) constants.add(value);
      }
    }
    Set<String> rows =
        MessageType.of(Route.AUDIT).stream()
            .filter(t -> t != MessageType.AUDIT_EVENT)
            .map(t -> AuditEvent.TYPE_PREFIX + t.wireName())
            .collect(Collectors.toCollection(java.util.TreeSet::new));

    assertThat(rows).isEqualTo(constants).contains(AuditEvent.OP_SEQUENCED);
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
      // CLIENT_OP is client.op, SERVER_GENERATION_CHUNK is server.generation_chunk,
      // AUDIT_OP_SEQUENCED is audit.op.sequenced
      assertThat(type.name()).isEqualTo(type.id().toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
      if (type.route() == Route.AUDIT) {
        // a CloudEvent type without its prefix: dot-separated snake_case words
        assertThat(type.wireName()).matches("[a-z]+(_[a-z]+)*(\\.[a-z]+(_[a-z]+)*)*");
      } else {
        assertThat(type.wireName()).matches("[a-z]+(_[a-z]+)*");
      }
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
    assertThat(ClientFrame.TYPES).containsExactly(
        "hello", "edit", "op", "merge", "presence", "generate", "cancel_generation", "ping",
        "propose", "vote", "close_vote", "turns", "floor", "lock", "unlock");
    assertThat(ClientFrame.TYPES).isEqualTo(MessageType.wireNames(Route.CLIENT_TO_SERVER));
  }

  @Test
  void decodeClientFrame_unknownTypeMessage_listsTheTableInOrder() {
    assertThatThrownBy(() -> CODEC.decodeClientFrame("{\"type\":\"explode\"}"))
        .hasMessage("Unknown message type \"explode\"; known types: [hello, edit, op, merge, presence, generate, cancel_generation, ping, "
            + "propose, vote, close_vote, turns, floor, lock, unlock]");
  }

  @Test
  void find_sameTypeStringNamesADifferentFramePerDirection() {
    assertThat(MessageType.find(Route.CLIENT_TO_SERVER, "op")).contains(MessageType.CLIENT_OP);
    assertThat(MessageType.find(Route.SERVER_TO_CLIENT, "op")).contains(MessageType.SERVER_OP);
    assertThat(MessageType.find(Route.OPS, "op")).contains(MessageType.OPS_OP);
    assertThat(MessageType.find(Route.CLIENT_TO_SERVER, "pong")).isEmpty();
    assertThat(MessageType.find(Route.CLIENT_TO_SERVER, "presence")).contains(MessageType.CLIENT_PRESENCE);
    assertThat(MessageType.find(Route.SERVER_TO_CLIENT, "presence")).contains(MessageType.SERVER_PRESENCE);
    assertThat(MessageType.find(Route.EDITS, "event")).contains(MessageType.EDITS_EVENT);
    assertThat(MessageType.find(Route.AUDIT, "op.sequenced")).contains(MessageType.AUDIT_OP_SEQUENCED);
    assertThat(MessageType.find(Route.AUDIT, "event")).contains(MessageType.AUDIT_EVENT);
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
    assertThat(MessageType.of(EditRecord.event("s1", "agent:session-service", "u", 0, CODEC.readTree("{\"type\":\"session.created\"}"))))
        .isEqualTo(MessageType.EDITS_EVENT);
    assertThat(MessageType.of(new EditRecord("s1", "c1", 3, "u", 0, null, null, null, null,
            CODEC.readTree("{\"type\":\"workshop.vote\",\"data\":{\"proposal\":\"p2\",\"role\":\"editor\"}}"))))
        .isEqualTo(MessageType.EDITS_WORKSHOP);
    assertThat(MessageType.of(new org.personacollab.protocol.frame.Vote("p2"))).isEqualTo(MessageType.CLIENT_VOTE);
    assertThat(MessageType.of(new OpsRecord.Duplicate("s1", "c1", 1, 0))).isEqualTo(MessageType.OPS_ACK);
    assertThat(MessageType.of(new SnapshotRecord.Checkpoint(0, 0, 0L, 0))).isEqualTo(MessageType.SNAPSHOTS_CHECKPOINT);
    assertThat(MessageType.of(new SnapshotRecord.Snapshot("s1", 0, CODEC.readTree("{}"), Map.of(), new SnapshotRecord.AuditHead(1, AuditChain.GENESIS), 0)))
        .isEqualTo(MessageType.SNAPSHOTS_SNAPSHOT);
    assertThat(MessageType.of(new PresenceUpdate(null, null, null, 0))).isEqualTo(MessageType.CLIENT_PRESENCE);
    assertThat(MessageType.of(new PresenceFrame("u", "c1", "U", "#000000", null, null, null, 0, 0))).isEqualTo(MessageType.SERVER_PRESENCE);
    assertThat(MessageType.of(new UserJoined("u", "U", "editor", "#000000", 0))).isEqualTo(MessageType.SERVER_USER_JOINED);
    assertThat(MessageType.of(new UserLeft("u", "U", null, 0))).isEqualTo(MessageType.SERVER_USER_LEFT);
    assertThat(MessageType.of(new RoleChanged("u", "viewer", 0))).isEqualTo(MessageType.SERVER_ROLE_CHANGED);
    assertThat(MessageType.of(new SessionClosed("closed", "Closed.", 0))).isEqualTo(MessageType.SERVER_SESSION_CLOSED);
    assertThat(MessageType.of(new Welcome(1, "s1", "c1", 0, CODEC.readTree("{}"), List.of(), false)))
        .isEqualTo(MessageType.SERVER_WELCOME);

    AuditChain chain = new AuditChain(CODEC);
    AuditEvent sequenced = chain.next(null, "s1", "op.sequenced", 0, CODEC.readTree("{\"v\":0}"));
    AuditEvent joined = chain.next(AuditChain.headOf(sequenced), "s1", "participant.joined", 0, CODEC.readTree("{}"));
    assertThat(MessageType.of(sequenced)).isEqualTo(MessageType.AUDIT_OP_SEQUENCED);
    assertThat(MessageType.of(joined)).isEqualTo(MessageType.AUDIT_EVENT);
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
        Route.EDITS, "persona.edits", Route.OPS, "persona.ops", Route.SNAPSHOTS, "persona.snapshots",
        Route.AUDIT, "persona.audit"));
    assertThat(Route.CLIENT_TO_SERVER.topic(TopicNames.DEFAULT)).isEmpty();
    assertThat(Route.SERVER_TO_CLIENT.isKafka()).isFalse();
    assertThat(Route.OPS.topic(new TopicNames("test-1."))).contains("test-1.ops");
    assertThat(Route.AUDIT.topic(new TopicNames("test-1."))).contains("test-1.audit");
  }
}
