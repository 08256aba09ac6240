package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.MessageType.Route;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.TopicNames;
import tools.jackson.databind.JsonNode;

/**
 * {@code docs/audit-events.md}, the page integrators read, says what the code does: its worked
 * example is the golden first event with the canonical text and hash the code computes, and it
 * names the topic, the attributes, every event type and the commands that read and verify it.
 */
class AuditEventsPageTest {
  private static final Path PAGE = AsyncApiDocumentTest.DOCUMENT.getParent().resolveSibling("audit-events.md");
  private static final WireCodec CODEC = new WireCodec();

  /**
   * The event types of ADR 8 and the design: {@code op.sequenced}, written by the sequencer, and
   * those other services send as event records.
   */
  private static final List<String> EVENT_TYPES = List.of(
      "op.sequenced",
      "session.created", "session.closed",
      "participant.joined", "participant.left", "participant.removed", "role.changed",
      "invite.created", "invite.revoked",
      "generation.started", "generation.completed", "generation.failed", "generation.cancelled");

  private static String page;

  @BeforeAll
  static void load() throws IOException {
    page = Files.readString(PAGE, UTF_8);
  }

  private static GoldenFile golden(String name) {
    return GoldenFile.all().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void workedExample_isTheGoldenFirstEvent_withTheCanonicalTextAndHashTheCodeComputes() {
    GoldenFile first = golden("kafka/audit-event-first.json");
    JsonNode event = CODEC.readTree(first.text());
    String hash = AuditChain.hash(event);

    assertThat(page).as("the event as on the topic").contains(first.text());
    assertThat(page).as("its canonical JSON without hash").contains(AuditChainTest.FIRST_EVENT_CANONICAL);
    assertThat(hash).isEqualTo(AuditChainTest.FIRST_EVENT_HASH).isEqualTo(event.path("hash").asString());
    assertThat(page).as("its hash").contains("\n" + hash + "\n");
  }

  @Test
  void page_namesTheTopicKeyContentTypeAndAttributes() {
    assertThat(page)
        .contains("`" + TopicNames.DEFAULT.audit() + "`")
        .contains("`application/cloudevents+json`")
        .contains("| Key | the session id")
        .contains("64 zeros (`AuditChain.GENESIS`)");
    for (String attribute : List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data",
        "sequence", "prevhash", "hash")) {
      assertThat(page).as("attribute %s", attribute).contains("| `" + attribute + "` |");
    }
  }

  @Test
  void page_hasARowForEveryEventType_andForEveryAuditRowOfTheTable() {
    for (String type : EVENT_TYPES) {
      assertThat(page).as("event type %s", type).contains("| `" + type + "` |");
      // every type an event record may carry fits EditRecord's rule for event.type
      assertThat(type).matches("[a-z][a-z_.]{1,63}");
    }
    for (MessageType row : MessageType.of(Route.AUDIT)) {
      if (row != MessageType.AUDIT_EVENT) assertThat(EVENT_TYPES).contains(row.wireName());
    }
    assertThat(page).contains(AuditEvent.OP_SEQUENCED);
  }

  @Test
  void page_showsHowToReadAndVerify() {
    assertThat(page)
        .contains("kafka-console-consumer.sh")
        .contains("--topic persona.audit")
        .contains("--property print.key=true")
        .contains("--isolation-level read_committed")
        .contains("persona audit verify --session");
  }
}
