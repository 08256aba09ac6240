package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.personacollab.protocol.MessageType.Route;
import org.personacollab.protocol.kafka.TopicNames;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docs/protocol/asyncapi.yaml} is in step with the code: it is a valid AsyncAPI 3.0.0
 * document; it has one message per row of {@link MessageType}, on the right channel and
 * operations, whose schema has a property for every field of the record; it lists every error
 * code and close code; and every golden file validates against its message's schema.
 */
class AsyncApiDocumentTest {
  /** Where the document is, from the module directory that Surefire runs in. */
  static final Path DOCUMENT = moduleDir().resolve("../docs/protocol/asyncapi.yaml").normalize();

  /** A name for the document, so that its {@code #/components/...} references resolve; never fetched. */
  private static final String DOCUMENT_IRI = "https://protocol.personacollab.invalid/asyncapi.yaml";

  private static final String OFFICIAL_SCHEMA = "/asyncapi/asyncapi-3.0.0.schema.json";
  private static final String OFFICIAL_SCHEMA_SHA256 = "abe96881dbfaad495ccbb6bd8d3fb43ca18a13b9d7564849ccb66f39d5e5b20f";

  private static final WireCodec CODEC = new WireCodec();

  private static JsonNode document;
  private static SchemaRegistry schemas;

  @BeforeAll
  static void load() throws IOException {
    YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    document = yaml.readTree(Files.readString(DOCUMENT, UTF_8));
    // The payload schemas are draft-07 (AsyncAPI's default schema format) and refer to each other
    // through the document, so the registry knows them under one IRI at their place in it. Only
    // the components: the root of an AsyncAPI document is no schema (its "id" is not draft-07's).
    ObjectNode components = JsonNodeFactory.instance.objectNode();
    components.set("components", document.path("components"));
    schemas =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7, builder -> builder.schemas(Map.of(DOCUMENT_IRI, components.toString())));
  }

  // ---- The document as a whole ----------------------------------------------------------

  @Test
  void document_isAsyncApi300WithChannelsOperationsComponents() {
    assertThat(document.path("asyncapi").asString()).isEqualTo("3.0.0");
    assertThat(document.path("channels").propertyNames()).containsExactlyInAnyOrder("session", "edits", "ops", "snapshots", "audit");
    assertThat(document.path("operations").isObject()).isTrue();
    assertThat(document.path("components").path("messages").isObject()).isTrue();
    assertThat(document.path("components").path("schemas").isObject()).isTrue();
  }

  @Test
  void document_validatesAgainstTheOfficialAsyncApi300Schema() throws Exception {
    byte[] official;
    try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(OFFICIAL_SCHEMA)) {
      official = in.readAllBytes();
    }
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(official)))
        .as("%s is the file from @asyncapi/specs, unchanged (see its README)", OFFICIAL_SCHEMA)
        .isEqualTo(OFFICIAL_SCHEMA_SHA256);
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(new String(official, UTF_8));

    List<Error> errors = schema.validate(document);

    assertThat(errors).as("AsyncAPI 3.0.0 schema errors in %s", DOCUMENT).isEmpty();
  }

  @Test
  void officialSchema_rejectsABrokenDocument() throws Exception {
    // Guards the test above against passing vacuously.
    Schema schema;
    try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(OFFICIAL_SCHEMA)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(new String(in.readAllBytes(), UTF_8));
    }
    JsonNode broken = document.deepCopy();
    ((ObjectNode) broken.path("operations").path("sendOps")).put("action", "publish");

    assertThat(schema.validate(broken)).isNotEmpty();
  }

  @Test
  void version_isTheProtocolVersion() {
    String current = String.valueOf(ProtocolVersion.CURRENT);
    assertThat(document.path("info").path("version").asString()).isEqualTo(current);
    assertThat(document.at("/components/schemas/Welcome/properties/protocol/const").asInt()).isEqualTo(ProtocolVersion.CURRENT);
  }

  // ---- Messages -------------------------------------------------------------------------

  @Test
  void messages_areExactlyTheTable() {
    Set<String> ids = Arrays.stream(MessageType.values()).map(MessageType::id).collect(Collectors.toSet());

    assertThat(document.at("/components/messages").propertyNames()).containsExactlyInAnyOrderElementsOf(ids);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MessageType.class)
  void message_isNamedAndSummarisedAsInTheTable(MessageType type) {
    JsonNode message = message(type);

    assertThat(message.path("name").asString()).isEqualTo(type.id());
    assertThat(message.path("summary").asString()).isEqualTo(type.summary());
    assertThat(message.path("payload").path("$ref").asString()).startsWith("#/components/schemas/");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MessageType.class)
  void message_isOnItsRoutesChannel(MessageType type) {
    String channel = channelOf(type.route());

    assertThat(document.at("/channels/" + channel + "/messages/" + type.id() + "/$ref").asString())
        .isEqualTo("#/components/messages/" + type.id());
  }

  @Test
  void operations_sendAndReceiveExactlyEachRoutesMessages() {
    // Seen from the server: it receives client frames, sends server frames, and both produces
    // and consumes each topic (different services).
    Map<String, Set<String>> byChannelAndAction = new TreeMap<>();
    for (JsonNode operation : document.path("operations")) {
      String channel = operation.at("/channel/$ref").asString().replace("#/channels/", "");
      String key = channel + " " + operation.path("action").asString();
      for (JsonNode ref : operation.path("messages")) {
        String prefix = "#/channels/" + channel + "/messages/";
        assertThat(ref.path("$ref").asString()).startsWith(prefix);
        byChannelAndAction.computeIfAbsent(key, k -> new TreeSet<>()).add(ref.path("$ref").asString().substring(prefix.length()));
      }
    }

    Map<String, Set<String>> expected = new TreeMap<>();
    expected.put("session receive", ids(Route.CLIENT_TO_SERVER));
    expected.put("session send", ids(Route.SERVER_TO_CLIENT));
    for (Route route : Route.values()) {
      if (!route.isKafka()) continue;
      expected.put(route.id() + " send", ids(route));
      expected.put(route.id() + " receive", ids(route));
    }
    assertThat(byChannelAndAction).isEqualTo(expected);
  }

  @Test
  void handshake_isHelloAnsweredByWelcome() {
    JsonNode handshake = document.at("/operations/handshake");

    assertThat(handshake.at("/messages/0/$ref").asString()).endsWith("/" + MessageType.CLIENT_HELLO.id());
    assertThat(handshake.at("/reply/messages/0/$ref").asString()).endsWith("/" + MessageType.SERVER_WELCOME.id());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MessageType.class)
  void payload_hasTheTagAndOnlyFieldsOfTheRecord_andRequiresEveryNonNullField(MessageType type) {
    JsonNode payload = resolve(message(type).path("payload"));
    Set<String> properties = new TreeSet<>(payload.path("properties").propertyNames());
    Set<String> required = new TreeSet<>();
    payload.path("required").forEach(n -> required.add(n.asString()));
    String tag = type.route().tag();

    if (tag != null) {
      assertThat(properties).contains(tag);
      assertThat(required).contains(tag);
      assertThat(payload.path("properties").path(tag).path("const").asString()).isEqualTo(type.wireName());
      properties.remove(tag);
      required.remove(tag);
    }
    assertThat(properties).as("properties of %s that %s does not have", type.id(), type.recordClass().getSimpleName())
        .isSubsetOf(jsonNames(type.recordClass(), false));
    assertThat(required).as("non-null fields of %s", type.recordClass().getSimpleName())
        .containsAll(jsonNames(type.recordClass(), true));
    assertThat(properties).containsAll(required);
  }

  @Test
  void payloads_ofOneRecord_togetherHaveEveryField() {
    // Both EditRecord forms together describe every EditRecord field; every other record has one row.
    Map<Class<?>, Set<String>> described = new java.util.HashMap<>();
    for (MessageType type : MessageType.values()) {
      JsonNode payload = resolve(message(type).path("payload"));
      Set<String> names = described.computeIfAbsent(type.recordClass(), k -> new TreeSet<>());
      payload.path("properties").propertyNames().forEach(names::add);
      if (type.route().tag() != null) names.remove(type.route().tag());
    }

    described.forEach((record, names) ->
        assertThat(names).as("fields of %s", record.getSimpleName()).isEqualTo(jsonNames(record, false)));
  }

  // ---- Golden files against the schemas -------------------------------------------------

  static List<GoldenFile> goldenFiles() {
    return GoldenFile.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void goldenFile_validatesAgainstItsMessageSchema(GoldenFile file) {
    List<Error> errors = payloadSchema(file.type()).validate(CODEC.readTree(file.text()));

    assertThat(errors).as("%s against #/components/messages/%s/payload", file, file.type().id()).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // message id   | invalid message                                                                       | the codec refuses it too
        "client.edit    | {\"type\":\"edit\",\"path\":\"a..b\",\"value\":1}                                     | true",
        "client.edit    | {\"type\":\"edit\",\"path\":\"a\"}                                                    | true",
        "client.edit    | {\"type\":\"edit\",\"path\":[true],\"value\":1}                                       | true",
        "client.hello   | {\"type\":\"hello\",\"protocol\":1,\"version\":3}                                     | true",
        "client.hello   | {\"type\":\"hello\",\"protocol\":\"1\"}                                               | true",
        "client.op      | {\"type\":\"op\",\"seq\":0,\"v\":0,\"op\":[]}                                         | true",
        "client.op      | {\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":{}}                                         | true",
        "client.op      | {\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[{\"p\":[\"a\"],\"oi\":1,\"na\":1}]}        | false",
        "client.op      | {\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[{\"p\":[\"a\"],\"t\":\"text0\",\"o\":[]}]} | false",
        "client.op      | {\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[{\"p\":[-1],\"li\":1}]}                    | false",
        "client.generate| {\"type\":\"generate\",\"count\":9}                                                   | true",
        "server.welcome | {\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"abc\",\"clientId\":\"c1\",\"version\":0,\"snapshot\":{},\"participants\":[],\"resumed\":true} | true",
        "server.welcome | {\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"abc\",\"clientId\":\"c1\",\"version\":0,\"participants\":[],\"resumed\":false}              | true",
        "server.nack    | {\"type\":\"nack\",\"seq\":1,\"code\":\"nope\",\"message\":\"x\"}                      | false",
        "server.nack    | {\"type\":\"nack\",\"seq\":1,\"code\":\"invalid_op\",\"message\":\"x\",\"retryAfter\":5} | false",
        "edits.edit     | {\"session_id\":\"abc\",\"src\":\"c1\",\"seq\":1,\"user_id\":\"u\",\"ts\":0,\"path\":[],\"value\":1,\"v\":0} | true",
        "edits.op       | {\"session_id\":\"abc\",\"src\":\"c1\",\"seq\":1,\"user_id\":\"u\",\"ts\":0,\"v\":0,\"op\":{}}               | true",
        "edits.op       | {\"session_id\":\"abc\",\"src\":\"c1\",\"seq\":1,\"user_id\":\"u\",\"ts\":0,\"v\":0,\"op\":[],\"event\":{\"type\":\"session.created\"}} | true",
        "edits.event    | {\"session_id\":\"abc\",\"src\":\"agent:s\",\"seq\":0,\"user_id\":\"u\",\"ts\":0,\"event\":{\"type\":\"Session Created\"}} | true",
        "edits.event    | {\"session_id\":\"abc\",\"src\":\"agent:s\",\"seq\":0,\"user_id\":\"u\",\"ts\":0,\"event\":{\"type\":\"session.created\",\"data\":[]}} | true",
        "edits.event    | {\"session_id\":\"abc\",\"src\":\"agent:s\",\"seq\":0,\"user_id\":\"u\",\"ts\":0,\"event\":{\"data\":{}}}       | true",
        "client.presence| {\"type\":\"presence\",\"v\":1,\"focus\":\"name\"}                                      | true",
        "client.presence| {\"type\":\"presence\",\"v\":1,\"focus\":[\"\"]}                                        | true",
        "client.presence| {\"type\":\"presence\",\"v\":1,\"caret\":-1}                                            | true",
        "client.presence| {\"type\":\"presence\",\"v\":1,\"selection\":[5]}                                       | true",
        "client.presence| {\"type\":\"presence\",\"caret\":1}                                                   | true",
        "server.welcome | {\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"abc\",\"clientId\":\"c1\",\"version\":0,\"snapshot\":{},\"participants\":[],\"resumed\":false,\"role\":\"admin\",\"presence\":[]} | false",
        "server.welcome | {\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"abc\",\"clientId\":\"c1\",\"version\":0,\"snapshot\":{},\"participants\":[],\"resumed\":false,\"presence\":[{\"type\":\"user_left\",\"user_id\":\"u\",\"name\":\"U\",\"ts\":0}]} | false",
        "server.user_left | {\"type\":\"user_left\",\"user_id\":\"u\",\"name\":\"U\",\"reason\":\"kicked\",\"ts\":0}          | false",
        "server.role_changed | {\"type\":\"role_changed\",\"user_id\":\"u\",\"role\":\"owner\",\"ts\":0}               | false",
        "server.session_closed | {\"type\":\"session_closed\",\"reason\":\"closed\",\"ts\":0}                          | false",
        "snapshots.snapshot | {\"kind\":\"snapshot\",\"session_id\":\"abc\",\"v\":1,\"snapshot\":{},\"marks\":{},\"audit\":{\"sequence\":0,\"hash\":\"00\"},\"ts\":0} | false",
        "ops.op         | {\"kind\":\"nack\",\"session_id\":\"abc\",\"v\":0,\"src\":\"c1\",\"seq\":1,\"op\":[],\"user_id\":\"u\",\"ts\":0} | false",
        "snapshots.snapshot | {\"kind\":\"snapshot\",\"session_id\":\"abc\",\"v\":1,\"snapshot\":{},\"marks\":{\"c1\":{\"seq\":1,\"v\":0,\"code\":\"nope\"}},\"ts\":0} | false",
      })
  void schema_refusesAnInvalidMessage(String id, String json, boolean codecRefuses) {
    MessageType type = Arrays.stream(MessageType.values()).filter(t -> t.id().equals(id)).findFirst().orElseThrow();

    assertThat(payloadSchema(type).validate(CODEC.readTree(json))).as("schema errors").isNotEmpty();
    if (codecRefuses) {
      GoldenFile asFile = new GoldenFile(id, type, (json + "\n").getBytes(UTF_8));
      assertThatThrownBy(() -> asFile.decode(CODEC)).isInstanceOf(ProtocolException.class);
    }
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // golden file                    | attribute       | JSON value that breaks it
        "kafka/audit-op.sequenced.json    | type            | \"org.personacollab.participant.joined\"",
        "kafka/audit-op.sequenced.json    | data            | {\"v\":0}",
        "kafka/audit-event.json           | type            | \"org.personacollab.op.sequenced\"",
        "kafka/audit-event.json           | type            | \"com.example.participant.joined\"",
        "kafka/audit-event.json           | data            | {\"user_id\":\"bob\"}",
        "kafka/audit-event.json           | specversion     | \"0.3\"",
        "kafka/audit-event.json           | datacontenttype | \"text/plain\"",
        "kafka/audit-event.json           | sequence        | 0",
        "kafka/audit-event.json           | sequence        | \"2\"",
        "kafka/audit-event.json           | prevhash        | \"CDC09222\"",
        "kafka/audit-event.json           | hash            | null",
        "kafka/audit-event.json           | time            | \"26 Nov 2025 12:00\"",
        "kafka/audit-event.json           | source          | \"urn:persona:k3v9x2m7qa\"",
        "kafka/audit-event.json           | id              | \"k3v9x2m7qa\"",
      })
  void auditSchemas_refuseABrokenEvent(String golden, String attribute, String value) {
    // Given a golden audit event that validates (goldenFile_validatesAgainstItsMessageSchema)
    GoldenFile file = goldenFiles().stream().filter(f -> f.name().equals(golden)).findFirst().orElseThrow();
    ObjectNode event = (ObjectNode) CODEC.readTree(file.text());

    // When one attribute is broken, then its schema refuses it
    event.set(attribute, CODEC.readTree(value));

    assertThat(payloadSchema(file.type()).validate(event)).as("schema errors").isNotEmpty();
  }

  @Test
  void auditChainFile_linesValidateAgainstTheirSchemas() throws IOException {
    // golden/kafka/audit-chain.jsonl is no single message, so the per-file test above skips it.
    List<String> lines = Files.readAllLines(moduleDir().resolve("src/test/resources/golden/kafka/audit-chain.jsonl"), UTF_8);
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode event = CODEC.readTree(line);
      MessageType type = MessageType.of(CODEC.read(line, org.personacollab.protocol.kafka.AuditEvent.class));
      assertThat(payloadSchema(type).validate(event)).as("%s against %s", line, type.id()).isEmpty();
    }
  }

  // ---- Error codes and close codes ------------------------------------------------------

  @Test
  void errorCodeSchema_enumIsEveryErrorCodeInOrder() {
    List<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();

    assertThat(strings(document.at("/components/schemas/ErrorCode/enum"))).isEqualTo(codes);
  }

  @Test
  void errorCodeSchema_listsStatusMessageAndRetryAfterOfEachCode() {
    JsonNode listed = document.at("/components/schemas/ErrorCode/x-error-codes");

    assertThat(listed.propertyNames()).containsExactlyElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    for (ErrorCode code : ErrorCode.values()) {
      JsonNode entry = listed.path(code.code());
      assertThat(entry.path("status").asInt()).as(code.code()).isEqualTo(code.httpStatus());
      assertThat(entry.path("message").asString()).as(code.code()).isEqualTo(code.message());
      assertThat(entry.path("retryAfter").asBoolean(false)).as(code.code()).isEqualTo(code.retryable());
    }
  }

  @Test
  void retryAfter_comesWithTheRetryableCodesOnly() {
    List<String> retryable = Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable).map(ErrorCode::code).toList();

    assertThat(strings(document.at("/components/schemas/ErrorCode/x-retry-after"))).isEqualTo(retryable);
    assertThat(strings(document.at("/components/schemas/Nack/then/properties/code/enum"))).isEqualTo(retryable);
  }

  @Test
  void closeCodes_areEveryCloseCodesConstant() throws IllegalAccessException {
    Map<Integer, String> constants = new TreeMap<>();
    for (Field field : CloseCodes.class.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && field.getType() == int.class) {
        constants.put(field.getInt(null), field.getName());
      }
    }
    Map<Integer, String> documented = new TreeMap<>();
    JsonNode closeCodes = document.at("/channels/session/x-close-codes");
    for (String code : closeCodes.propertyNames()) {
      documented.put(Integer.parseInt(code), closeCodes.path(code).path("constant").asString());
    }

    assertThat(documented).isEqualTo(constants);
    assertThat(constants).containsKeys(4404, 4503, 4504, 1009, 1012, 4000, 4408, 4409, 4401, 4403, 4410);
  }

  // ---- Kafka topics ---------------------------------------------------------------------

  @Test
  void kafkaChannels_areTheDefaultTopicsKeyedBySession_snapshotsCompacted() {
    for (Route route : Route.values()) {
      if (!route.isKafka()) continue;
      String topic = route.topic(TopicNames.DEFAULT).orElseThrow();
      JsonNode channel = document.path("channels").path(route.id());
      assertThat(channel.path("address").asString()).isEqualTo(topic);
      assertThat(channel.at("/bindings/kafka/topic").asString()).isEqualTo(topic);
      assertThat(channel.at("/bindings/kafka/partitions").asInt())
          .as("partitioned alike").isEqualTo(document.at("/channels/edits/bindings/kafka/partitions").asInt());
    }
    assertThat(strings(document.at("/channels/snapshots/bindings/kafka/topicConfiguration/cleanup.policy"))).containsExactly("compact");
    for (MessageType type : MessageType.values()) {
      if (!type.route().isKafka() || type == MessageType.SNAPSHOTS_CHECKPOINT) continue;
      assertThat(message(type).at("/bindings/$ref").asString()).as(type.id()).isEqualTo("#/components/messageBindings/sessionKey");
    }
  }

  @Test
  void auditChannel_isCloudEventsInStructuredMode_keptForEver() {
    JsonNode channel = document.path("channels").path(Route.AUDIT.id());
    assertThat(channel.at("/bindings/kafka/topicConfiguration/retention.ms").asLong()).isEqualTo(-1);
    assertThat(strings(channel.at("/bindings/kafka/topicConfiguration/cleanup.policy"))).containsExactly("delete");
    for (MessageType type : MessageType.of(Route.AUDIT)) {
      assertThat(message(type).path("contentType").asString()).as(type.id()).isEqualTo("application/cloudevents+json");
      JsonNode payload = resolve(message(type).path("payload"));
      assertThat(resolve(payload.at("/properties/specversion")).path("const").asString()).isEqualTo("1.0");
      assertThat(payload.at("/properties/datacontenttype/const").asString()).isEqualTo("application/json");
    }
    assertThat(resolve(message(MessageType.AUDIT_OP_SEQUENCED).path("payload")).at("/properties/type/const").asString())
        .isEqualTo(org.personacollab.protocol.kafka.AuditEvent.OP_SEQUENCED);
    // Every other channel has its content type from defaultContentType.
    assertThat(document.path("defaultContentType").asString()).isEqualTo("application/json");
  }

  @Test
  void editsChannel_formsExcludeEachOther() {
    // Each EditRecord form's schema forbids the fields of the other two, as the record does.
    Map<MessageType, Set<String>> forbidden = Map.of(
        MessageType.EDITS_EDIT, Set.of("v", "op", "event"),
        MessageType.EDITS_OP, Set.of("path", "value", "event"),
        MessageType.EDITS_EVENT, Set.of("path", "value", "v", "op"),
        MessageType.EDITS_WORKSHOP, Set.of("path", "value", "v", "op"),
        MessageType.EDITS_MERGE, Set.of("path", "value", "v", "op", "event"));
    forbidden.forEach((type, fields) -> {
      Set<String> notRequired = new TreeSet<>();
      resolve(message(type).path("payload")).at("/not/anyOf").forEach(n -> n.path("required").forEach(f -> notRequired.add(f.asString())));
      assertThat(notRequired).as(type.id()).isEqualTo(fields);
    });
  }

  // ---- Helpers --------------------------------------------------------------------------

  private static JsonNode message(MessageType type) {
    JsonNode message = document.path("components").path("messages").path(type.id());
    assertThat(message.isObject()).as("components.messages.%s in %s", type.id(), DOCUMENT).isTrue();
    return message;
  }

  private static Schema payloadSchema(MessageType type) {
    message(type);
    return schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/components/messages/" + type.id() + "/payload"));
  }

  /** Follows local {@code $ref}s. */
  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.path("$ref").asString();
      assertThat(ref).startsWith("#/");
      node = document.at(ref.substring(1));
    }
    return node;
  }

  private static String channelOf(Route route) {
    return route.isKafka() ? route.id() : "session";
  }

  private static Set<String> ids(Route route) {
    return MessageType.of(route).stream().map(MessageType::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  /**
   * The JSON names of a record's fields ({@code @JsonProperty} or the component name); with
   * {@code nonNullOnly}, only those that are primitives or not {@code @Nullable}.
   */
  private static Set<String> jsonNames(Class<?> record, boolean nonNullOnly) {
    Set<String> names = new LinkedHashSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
      if (nonNullOnly && nullable) continue;
      JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
      names.add(property != null && !property.value().isEmpty() ? property.value() : component.getName());
    }
    return new TreeSet<>(names);
  }

  private static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    return Path.of(basedir != null ? basedir : System.getProperty("user.dir"));
  }
}
