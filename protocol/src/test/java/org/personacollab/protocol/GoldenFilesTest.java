package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The checked-in example messages ({@code src/test/resources/golden/}, see its README) are what
 * the codec reads and writes: each decodes with its receiver's entry point to the message its
 * name says, and encodes back to the same bytes.
 */
class GoldenFilesTest {
  private static final WireCodec CODEC = new WireCodec();

  static List<GoldenFile> goldenFiles() {
    return GoldenFile.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void decodeThenWrite_reproducesTheFileByteForByte(GoldenFile file) {
    // Given a golden file, when it is decoded and written again
    Object decoded = file.decode(CODEC);
    byte[] written = CODEC.writeBytes(decoded);

    // Then it is the message its name says, and the bytes are the file's (text first, for a readable diff)
    assertThat(MessageType.of(decoded)).as("message type of %s", file).isEqualTo(file.type());
    assertThat(new String(written, UTF_8)).as("codec output for %s", file).isEqualTo(file.text());
    assertThat(written).as("bytes of %s", file).isEqualTo(file.message());
    assertThat(CODEC.write(decoded)).as("write(Object) for %s", file).isEqualTo(file.text());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void decode_ofWrittenMessage_equalsTheFirstDecode(GoldenFile file) {
    Object decoded = file.decode(CODEC);

    Object again = new GoldenFile(file.name(), file.type(), (CODEC.write(decoded) + "\n").getBytes(UTF_8)).decode(CODEC);

    assertThat(again).isEqualTo(decoded);
  }

  @Test
  void goldenFiles_endWithExactlyOneNewline() {
    assertThat(GoldenFile.all())
        .as("golden files must end with exactly one \\n (see golden/README.md)")
        .filteredOn(f -> !f.endsWithOneNewline())
        .isEmpty();
  }

  @Test
  void everyMessageType_hasAGoldenFile() {
    Set<MessageType> covered = GoldenFile.all().stream().map(GoldenFile::type).collect(Collectors.toSet());

    Set<MessageType> missing = EnumSet.allOf(MessageType.class);
    missing.removeAll(covered);

    assertThat(missing).as("message types without a golden file in src/test/resources/golden").isEmpty();
  }

  @Test
  void goldenFiles_coverTheTrickyValues() {
    // The examples are only worth something if they hold what breaks codecs: every json0
    // instruction, text outside the BMP, escapes, integers next to decimals, a JSON null value.
    List<JsonNode> trees = new ArrayList<>();
    StringBuilder texts = new StringBuilder();
    for (GoldenFile file : GoldenFile.all()) {
      trees.add(CODEC.readTree(file.text()));
      texts.append(file.text());
    }
    Set<String> instructions = new TreeSet<>();
    Set<String> numberKinds = new TreeSet<>();
    boolean[] nullValue = {false};
    for (JsonNode tree : trees) {
      walk(tree, node -> {
        if (node.isObject() && node.has("p")) {
          node.propertyNames().forEach(instructions::add);
        }
        if (node.isIntegralNumber()) numberKinds.add("integer");
        if (node.isFloatingPointNumber()) numberKinds.add("decimal");
        if (node.isObject() && node.has("value") && node.get("value").isNull()) nullValue[0] = true;
      });
    }

    assertThat(instructions).contains("si", "sd", "li", "ld", "lm", "na", "oi", "od");
    assertThat(numberKinds).containsExactly("decimal", "integer");
    assertThat(nullValue[0]).as("an edit whose value is null (removal)").isTrue();
    assertThat(texts.codePoints().anyMatch(Character::isSupplementaryCodePoint)).as("an emoji").isTrue();
    assertThat(texts.toString()).as("escaped quote and newline").contains("\\\"").contains("\\n");
  }

  @Test
  void typeOf_readsFolderAndName() {
    assertThat(GoldenFile.typeOf("ws-client/op.json")).isEqualTo(MessageType.CLIENT_OP);
    assertThat(GoldenFile.typeOf("ws-server/op-generated.json")).isEqualTo(MessageType.SERVER_OP);
    assertThat(GoldenFile.typeOf("ws-server/generation_chunk.json")).isEqualTo(MessageType.SERVER_GENERATION_CHUNK);
    assertThat(GoldenFile.typeOf("kafka/edits-op.json")).isEqualTo(MessageType.EDITS_OP);
    assertThat(GoldenFile.typeOf("kafka/snapshots-checkpoint.json")).isEqualTo(MessageType.SNAPSHOTS_CHECKPOINT);
    assertThat(GoldenFile.typeOf("kafka/edits-event.json")).isEqualTo(MessageType.EDITS_EVENT);
    assertThat(GoldenFile.typeOf("kafka/audit-op.sequenced.json")).isEqualTo(MessageType.AUDIT_OP_SEQUENCED);
    assertThat(GoldenFile.typeOf("kafka/audit-event-first.json")).isEqualTo(MessageType.AUDIT_EVENT);
    assertThatThrownBy(() -> GoldenFile.typeOf("ws-client/explode.json")).hasMessageContaining("explode");
    assertThatThrownBy(() -> GoldenFile.typeOf("kafka/presence-update.json")).hasMessageContaining("topic (edits, ops, snapshots, audit)");
    assertThatThrownBy(() -> GoldenFile.typeOf("kafka/audit-participant.joined.json")).hasMessageContaining("no participant.joined on route AUDIT");
    assertThatThrownBy(() -> GoldenFile.typeOf("rest/problem.json")).hasMessageContaining("ws-client/");
  }

  private static void walk(JsonNode node, java.util.function.Consumer<JsonNode> visit) {
    visit.accept(node);
    for (JsonNode child : node) walk(child, visit);
  }
}
