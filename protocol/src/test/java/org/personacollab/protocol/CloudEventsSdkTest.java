package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import tools.jackson.databind.JsonNode;

/**
 * A stock CloudEvents SDK (the Java SDK's structured JSON format, found through
 * {@link EventFormatProvider} as an integrator would) reads the records of {@code persona.audit}:
 * every golden audit event deserialises with every attribute and extension where CloudEvents
 * puts it, and an event the SDK writes back out (its own key order and spelling) still verifies,
 * because the hash is over canonical JSON.
 */
class CloudEventsSdkTest {
  private static final WireCodec CODEC = new WireCodec();

  static List<GoldenFile> auditGoldenFiles() {
    return AuditChainTest.auditGoldenFiles();
  }

  private static EventFormat format() {
    EventFormat format = EventFormatProvider.getInstance().resolveFormat("application/cloudevents+json");
    assertThat(format).as("the SDK's JSON format is registered for application/cloudevents+json").isInstanceOf(JsonFormat.class);
    return format;
  }

  @Test
  void sdk_readsTheGoldenOpSequencedEvent_attributeByAttribute() {
    // Given kafka/audit-op.sequenced.json, as a consumer gets it from the topic
    GoldenFile file = AuditChainTest.auditGoldenFiles().stream()
        .filter(f -> f.name().equals("kafka/audit-op.sequenced.json")).findFirst().orElseThrow();

    // When the SDK deserialises it
    CloudEvent event = format().deserialize(file.message());

    // Then the context attributes are CloudEvents' own
    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(event.getId()).isEqualTo("k3v9x2m7qa-3");
    assertThat(event.getSource()).isEqualTo(URI.create("/persona-collab/sessions/k3v9x2m7qa"));
    assertThat(event.getType()).isEqualTo("org.personacollab.op.sequenced").isEqualTo(AuditEvent.OP_SEQUENCED);
    assertThat(event.getSubject()).isEqualTo("k3v9x2m7qa");
    assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2025-11-26T12:00:15.007Z"));
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getDataSchema()).isNull();
    // the data is the op, as JSON
    assertThat(event.getData()).isNotNull();
    JsonNode data = CODEC.readTree(new String(event.getData().toBytes(), UTF_8));
    assertThat(data).isEqualTo(CODEC.readTree(file.text()).path("data"));
    assertThat(data.path("v").asLong()).isZero();
    assertThat(data.path("user_id").asString()).isEqualTo("alice");
    assertThat(data.at("/op/1/oi/location").asString()).isEqualTo("Łódź");
    // and the chain is in three extensions: sequence a CloudEvents Integer, the hashes Strings
    assertThat(event.getExtensionNames()).containsExactlyInAnyOrder("sequence", "prevhash", "hash");
    assertThat(event.getExtension("sequence")).isEqualTo(3);
    assertThat(event.getExtension("prevhash")).isEqualTo("0de4bed3113688b759d5fa52de163ab0049f77ab84f5b852a5ab205d499ccdb3");
    assertThat(event.getExtension("hash")).isEqualTo("b8cc037497d5d4a275fb803a9b981a57d68dc3a7d296bf5b75b18462ea38c8df");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("auditGoldenFiles")
  void sdk_readsEveryGoldenAuditEvent_asOurCodecDoes(GoldenFile file) {
    AuditEvent ours = (AuditEvent) file.decode(CODEC);

    CloudEvent theirs = format().deserialize(file.message());

    assertThat(theirs.getSpecVersion().toString()).isEqualTo(ours.specversion());
    assertThat(theirs.getId()).isEqualTo(ours.id());
    assertThat(theirs.getSource().toString()).isEqualTo(ours.source());
    assertThat(theirs.getType()).isEqualTo(ours.type());
    assertThat(theirs.getSubject()).isEqualTo(ours.subject());
    assertThat(theirs.getTime()).isEqualTo(OffsetDateTime.parse(ours.time()));
    assertThat(theirs.getDataContentType()).isEqualTo(ours.datacontenttype());
    assertThat(CODEC.readTree(new String(theirs.getData().toBytes(), UTF_8))).isEqualTo(ours.data());
    assertThat(((Number) theirs.getExtension("sequence")).longValue()).isEqualTo(ours.sequence());
    assertThat(theirs.getExtension("prevhash")).isEqualTo(ours.prevhash());
    assertThat(theirs.getExtension("hash")).isEqualTo(ours.hash());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("auditGoldenFiles")
  void sdk_writesAnEventBack_andItsHashStillHolds(GoldenFile file) {
    // Given an event the SDK read and serialised again (its own key order and number forms)
    byte[] rewritten = format().serialize(format().deserialize(file.message()));
    JsonNode tree = CODEC.readTree(new String(rewritten, UTF_8));

    // Then it is the same JSON value, and the hash computed from it is the event's hash
    assertThat(tree).isEqualTo(CODEC.readTree(file.text()));
    assertThat(AuditChain.hash(tree)).isEqualTo(tree.path("hash").asString());
  }

  @Test
  void sdk_rewrittenChain_stillVerifies() throws IOException {
    List<JsonNode> rewritten = new ArrayList<>();
    for (String line : Files.readAllLines(chainFile(), UTF_8)) {
      rewritten.add(CODEC.readTree(new String(format().serialize(format().deserialize(line.getBytes(UTF_8))), UTF_8)));
    }

    assertThat(rewritten).hasSize(2);
    assertThat(AuditChain.verify(rewritten)).isNull();
  }

  private static Path chainFile() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
        .resolve("src/test/resources/golden/kafka/audit-chain.jsonl");
  }
}
