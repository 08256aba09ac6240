package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log's hash chain ({@link AuditChain}) on the checked-in examples: the golden events
 * carry the hash the chain computes, the two-event file {@code golden/kafka/audit-chain.jsonl}
 * verifies, and every way of tampering with it (one byte of data, the order, a prevhash, a
 * removed event, a rewritten event with a recomputed hash) breaks it at the right event. The
 * hash itself is pinned by a known answer computed outside {@code AuditChain}: SHA-256 of the
 * canonical JSON text written out here, the same text as in {@code docs/audit-events.md}.
 */
class AuditChainTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final AuditChain CHAIN = new AuditChain(CODEC);
  private static final Path CHAIN_FILE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
      .resolve("src/test/resources/golden/kafka/audit-chain.jsonl");

  /**
   * Event 1 of the example chain ({@code kafka/audit-event-first.json}) in canonical form: keys
   * sorted at every level, no whitespace, no {@code hash}, non-ASCII text as UTF-8. Written out
   * by hand from the golden file, so that a change in the canonicalisation fails here.
   */
  static final String FIRST_EVENT_CANONICAL =
      "{\"data\":{\"actor\":\"alice\",\"conflict_resolution\":\"ot\",\"name\":\"Zoë's onboarding\",\"src\":\"agent:session-service\"},"
          + "\"datacontenttype\":\"application/json\",\"id\":\"k3v9x2m7qa-1\","
          + "\"prevhash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"sequence\":1,"
          + "\"source\":\"/persona-collab/sessions/k3v9x2m7qa\",\"specversion\":\"1.0\",\"subject\":\"k3v9x2m7qa\","
          + "\"time\":\"2025-11-26T12:00:00Z\",\"type\":\"org.personacollab.session.created\"}";

  /** Its hash: {@code printf '%s' "$CANONICAL" | sha256sum}. */
  static final String FIRST_EVENT_HASH = "cdc09222e747fc6481d9ac5fcfa9087945d16cfa40577032e2ab13b06c23a972";

  static List<GoldenFile> auditGoldenFiles() {
    return GoldenFile.all().stream().filter(f -> f.type().route() == MessageType.Route.AUDIT).toList();
  }

  static List<String> chainLines() throws IOException {
    return Files.readAllLines(CHAIN_FILE, UTF_8);
  }

  private static GoldenFile golden(String name) {
    return GoldenFile.all().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<JsonNode> trees(List<String> lines) {
    return lines.stream().map(CODEC::readTree).toList();
  }

  // ---- The hash ---------------------------------------------------------------------------

  @Test
  void hash_knownAnswer_isSha256OfTheCanonicalJsonWithoutHash() throws Exception {
    // Given the first example event, when its hash is computed three ways
    JsonNode first = CODEC.readTree(golden("kafka/audit-event-first.json").text());
    String byHand = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(FIRST_EVENT_CANONICAL.getBytes(UTF_8)));

    // Then they agree with each other and with the event's own hash attribute
    assertThat(byHand).isEqualTo(FIRST_EVENT_HASH);
    assertThat(AuditChain.hash(first)).isEqualTo(FIRST_EVENT_HASH);
    assertThat(CHAIN.hash(CODEC.read(first.toString(), AuditEvent.class))).isEqualTo(FIRST_EVENT_HASH);
    assertThat(first.path("hash").asString()).isEqualTo(FIRST_EVENT_HASH);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("auditGoldenFiles")
  void goldenEvent_carriesTheHashTheChainComputes(GoldenFile file) {
    AuditEvent event = (AuditEvent) file.decode(CODEC);

    assertThat(event.hash()).isNotNull().matches("[0-9a-f]{64}");
    assertThat(CHAIN.hash(event)).isEqualTo(event.hash());
    assertThat(AuditChain.hash(CODEC.readTree(file.text()))).isEqualTo(event.hash());
  }

  @Test
  void hash_ignoresKeyOrderWhitespaceAndTheHashAttribute() {
    // The hash is over canonical JSON: a consumer that re-serialises an event (another key
    // order, pretty-printed, its own escapes) still gets the same hash.
    JsonNode event = CODEC.readTree(golden("kafka/audit-op.sequenced.json").text());
    String reordered =
        "{ \"hash\" : \"not even hex\",\n  \"data\": {\"op\": " + event.path("data").path("op")
            + ", \"user_id\": \"alice\", \"seq\": 1, \"src\": \"c5f0a1b2c3d4e.8d3f2a1b9c0e7d64\", \"v\": 0},\n"
            + "  \"type\": \"org.personacollab.op.sequenced\", \"time\": \"2025-11-26T12:00:15.007Z\",\n"
            + "  \"subject\": \"k3v9x2m7qa\", \"specversion\": \"1.0\", \"source\": \"\\/persona-collab\\/sessions\\/k3v9x2m7qa\",\n"
            + "  \"sequence\": 3, \"prevhash\": \"" + event.path("prevhash").asString() + "\", \"id\": \"k3v9x2m7qa-3\",\n"
            + "  \"datacontenttype\": \"application/json\" }";

    assertThat(AuditChain.hash(CODEC.readTree(reordered))).isEqualTo(event.path("hash").asString());
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // two spellings of one JSON value (RFC 8785 numbers and strings) hash alike
        "{\"data\":{\"n\":1.0}}                | {\"data\":{\"n\":1}}",
        "{\"data\":{\"n\":1E2}}                | {\"data\":{\"n\":100}}",
        "{\"data\":{\"n\":0.50}}               | {\"data\":{\"n\":0.5}}",
        "{\"data\":{\"s\":\"Zo\\u00eb\"}}       | {\"data\":{\"s\":\"Zoë\"}}",
        "{\"data\":{\"s\":\"a\\/b\"}}           | {\"data\":{\"s\":\"a/b\"}}",
        "{\"b\":1,\"a\":{\"z\":[2,1],\"y\":null}} | {\"a\":{\"y\":null,\"z\":[2,1]},\"b\":1}",
      })
  void hash_sameJsonValue_sameHash(String a, String b) {
    assertThat(AuditChain.hash(CODEC.readTree(a))).isEqualTo(AuditChain.hash(CODEC.readTree(b)));
  }

  @ParameterizedTest(name = "{0} !~ {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // different values hash differently: list order, a number's value, a string's text, null vs absent
        "{\"a\":[1,2]}         | {\"a\":[2,1]}",
        "{\"a\":1}             | {\"a\":1.5}",
        "{\"a\":\"Zoë\"}        | {\"a\":\"Zoe\"}",
        "{\"a\":null}          | {}",
      })
  void hash_differentJsonValue_differentHash(String a, String b) {
    assertThat(AuditChain.hash(CODEC.readTree(a))).isNotEqualTo(AuditChain.hash(CODEC.readTree(b)));
  }

  // ---- Building a chain -------------------------------------------------------------------

  @Test
  void next_startsAtGenesisAndLinksEachEventToTheLast() {
    JsonNode data = CODEC.readTree("{\"name\":\"W\",\"actor\":\"alice\",\"src\":\"agent:session-service\"}");

    AuditEvent first = CHAIN.next(null, "s-1", "session.created", 1764158400000L, data);
    AuditEvent second = CHAIN.next(AuditChain.headOf(first), "s-1", "op.sequenced", 1764158400001L, CODEC.readTree("{\"v\":0}"));

    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.prevhash()).isEqualTo(AuditChain.GENESIS).hasSize(64).matches("0+");
    assertThat(first.id()).isEqualTo("s-1-1");
    assertThat(first.source()).isEqualTo("/persona-collab/sessions/s-1");
    assertThat(first.subject()).isEqualTo("s-1");
    assertThat(first.type()).isEqualTo("org.personacollab.session.created");
    assertThat(first.time()).isEqualTo("2025-11-26T12:00:00Z");
    assertThat(first.specversion()).isEqualTo("1.0");
    assertThat(first.datacontenttype()).isEqualTo("application/json");
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.prevhash()).isEqualTo(first.hash());
    assertThat(second.type()).isEqualTo(AuditEvent.OP_SEQUENCED);
    assertThat(second.time()).isEqualTo("2025-11-26T12:00:00.001Z");
    assertThat(AuditChain.verify(List.of(CODEC.readTree(CODEC.write(first)), CODEC.readTree(CODEC.write(second))))).isNull();
  }

  @Test
  void goldenExamples_areOneSessionsChain_andTheSnapshotHoldsItsHead() throws IOException {
    // Given the chain file (events 1 and 2) and the golden op.sequenced event (event 3)
    List<String> lines = chainLines();
    GoldenFile third = golden("kafka/audit-op.sequenced.json");

    // Then the file's lines are the golden events 1 and 2, byte for byte
    assertThat(lines).containsExactly(golden("kafka/audit-event-first.json").text(), golden("kafka/audit-event.json").text());
    // and the three verify as one chain
    List<JsonNode> all = new ArrayList<>(trees(lines));
    all.add(CODEC.readTree(third.text()));
    assertThat(AuditChain.verify(all)).isNull();
    // and the snapshot after op 0 carries event 3 as the chain head
    var snapshot = (SnapshotRecord.Snapshot) golden("kafka/snapshots-snapshot-audit.json").decode(CODEC);
    assertThat(snapshot.audit()).isEqualTo(AuditChain.headOf((AuditEvent) third.decode(CODEC)));
  }

  @Test
  void goldenEventRecord_isRecordedAsTheGoldenAuditEvent() {
    // The documented mapping (ADR 8, docs/audit-events.md): an edit record's event becomes
    // org.personacollab.<event.type>, its data is event.data plus actor (the record's user_id)
    // and src (the record's src), chained after the session's head; the time is the
    // sequencer's clock, here the golden event's.
    EditRecord record = (EditRecord) golden("kafka/edits-event.json").decode(CODEC);
    AuditEvent first = (AuditEvent) golden("kafka/audit-event-first.json").decode(CODEC);
    AuditEvent expected = (AuditEvent) golden("kafka/audit-event.json").decode(CODEC);

    ObjectNode data = ((ObjectNode) record.event().path("data")).deepCopy();
    data.put("actor", record.userId());
    data.put("src", record.src());
    long recordedAt = java.time.Instant.parse(expected.time()).toEpochMilli();
    AuditEvent recorded = CHAIN.next(AuditChain.headOf(first), record.sessionId(), record.event().path("type").asString(), recordedAt, data);

    assertThat(recorded).isEqualTo(expected);
    assertThat(MessageType.of(record)).isEqualTo(MessageType.EDITS_EVENT);
    assertThat(MessageType.of(recorded)).isEqualTo(MessageType.AUDIT_EVENT);
  }

  // ---- Verifying a chain ------------------------------------------------------------------

  @Test
  void verify_chainFile_holds() throws IOException {
    assertThat(AuditChain.verify(trees(chainLines()))).isNull();
    assertThat(AuditChain.verify(List.of())).isNull();
  }

  @ParameterizedTest(name = "line {0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // line | text in the event's data whose first byte is changed | byte after the change
        "1      | alice                                                  | b",
        "1      | Zoë's                                                  | z",
        "2      | editor                                                 | E",
        "2      | inv-7Qm2xK9d                                           | J",
      })
  void verify_oneByteOfDataChanged_breaksAtThatEvent(int line, String needle, char replacement) throws IOException {
    // Given the chain file with one byte changed inside one event's data
    List<String> lines = new ArrayList<>(chainLines());
    byte[] bytes = lines.get(line - 1).getBytes(UTF_8);
    int data = indexOf(bytes, "\"data\":".getBytes(UTF_8), 0);
    int at = indexOf(bytes, needle.getBytes(UTF_8), data);
    assertThat(at).as("%s inside data of line %d", needle, line).isGreaterThan(data).isPositive();
    bytes[at] = (byte) replacement;
    lines.set(line - 1, new String(bytes, UTF_8));

    // When the chain is verified
    AuditChain.Break broken = AuditChain.verify(trees(lines));

    // Then it breaks at exactly that event, because its hash no longer matches its content
    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(line);
    assertThat(broken.id()).isEqualTo("k3v9x2m7qa-" + line);
    assertThat(broken.reason()).contains("hash does not match");
  }

  @Test
  void verify_eventsReordered_breaksAtTheFirstPosition() throws IOException {
    List<String> lines = new ArrayList<>(chainLines());
    java.util.Collections.reverse(lines);

    AuditChain.Break broken = AuditChain.verify(trees(lines));

    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.id()).isEqualTo("k3v9x2m7qa-2");
    assertThat(broken.reason()).isEqualTo("sequence 2 where 1 was expected");
  }

  @Test
  void verify_eventRemoved_breaksWhereTheGapIs() throws IOException {
    AuditChain.Break broken = AuditChain.verify(trees(chainLines().subList(1, 2)));

    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.reason()).isEqualTo("sequence 2 where 1 was expected");
  }

  @Test
  void verify_prevhashChanged_breaksAtThatEvent() throws IOException {
    // Given event 2 pointing at another predecessor (one hex digit of its prevhash changed)
    List<String> lines = new ArrayList<>(chainLines());
    String second = lines.get(1);
    String prevhash = CODEC.readTree(second).path("prevhash").asString();
    String other = (prevhash.charAt(0) == '0' ? "1" : "0") + prevhash.substring(1);
    lines.set(1, second.replace("\"prevhash\":\"" + prevhash + "\"", "\"prevhash\":\"" + other + "\""));
    assertThat(lines.get(1)).isNotEqualTo(second);

    AuditChain.Break broken = AuditChain.verify(trees(lines));

    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.reason()).isEqualTo("prevhash does not match the previous event's hash");
  }

  @Test
  void verify_firstPrevhashNotGenesis_breaksAtTheFirstEvent() throws IOException {
    List<String> lines = new ArrayList<>(chainLines());
    lines.set(0, lines.get(0).replace("\"prevhash\":\"" + AuditChain.GENESIS + "\"", "\"prevhash\":\"" + "f".repeat(64) + "\""));

    AuditChain.Break broken = AuditChain.verify(trees(lines));

    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(1);
    assertThat(broken.reason()).startsWith("prevhash");
  }

  @Test
  void verify_eventRewrittenWithItsHashRecomputed_breaksAtTheNextEvent() throws IOException {
    // A forger who changes event 1 and gives it a correct hash still breaks the chain: event 2's
    // prevhash names the original. (Rewriting the whole tail needs the sequencer's transaction.)
    List<String> lines = new ArrayList<>(chainLines());
    ObjectNode forged = (ObjectNode) CODEC.readTree(lines.get(0));
    ((ObjectNode) forged.path("data")).put("actor", "mallory");
    forged.put("hash", AuditChain.hash(forged));
    lines.set(0, forged.toString());

    AuditChain.Break broken = AuditChain.verify(trees(lines));

    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.reason()).isEqualTo("prevhash does not match the previous event's hash");
  }

  @Test
  void verify_hashAttributeChanged_breaksAtThatEvent() throws IOException {
    List<String> lines = new ArrayList<>(chainLines());
    ObjectNode second = (ObjectNode) CODEC.readTree(lines.get(1));
    second.put("hash", "0".repeat(64));
    lines.set(1, second.toString());

    AuditChain.Break broken = AuditChain.verify(trees(lines));

    assertThat(broken).isNotNull();
    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.reason()).isEqualTo("hash does not match the event's content");
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
