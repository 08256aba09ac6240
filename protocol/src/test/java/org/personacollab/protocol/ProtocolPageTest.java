package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.MessageType.Route;

/** {@code docs/protocol.md}, the page people read, names everything the code has. */
class ProtocolPageTest {
  private static final Path PAGE = AsyncApiDocumentTest.DOCUMENT.getParent().resolveSibling("protocol.md");

  private static String page;

  @BeforeAll
  static void load() throws IOException {
    page = Files.readString(PAGE, UTF_8);
  }

  @Test
  void page_pointsAtTheAsyncApiDocumentAndTheTable() {
    assertThat(page).contains("(protocol/asyncapi.yaml)").contains("MessageType");
  }

  @Test
  void page_pointsAtTheAuditEventsPageAndNamesEveryTopic() {
    assertThat(page).contains("(audit-events.md)");
    for (Route route : Route.values()) {
      route.topic(org.personacollab.protocol.kafka.TopicNames.DEFAULT)
          .ifPresent(topic -> assertThat(page).as("topic %s", topic).contains("`" + topic + "`"));
    }
  }

  @Test
  void page_saysWhereTheTokenGoesAndThatTheOriginIsChecked() {
    assertThat(page)
        .contains("`Authorization: Bearer <token>`")
        .contains("`Sec-WebSocket-Protocol: persona.v1, bearer.<token>`")
        .contains("`Origin`")
        .contains("`origin_not_allowed`");
  }

  @Test
  void page_namesEveryFrameType() {
    for (Route route : new Route[] {Route.CLIENT_TO_SERVER, Route.SERVER_TO_CLIENT}) {
      for (MessageType type : MessageType.of(route)) {
        assertThat(page).as("%s in %s", type.id(), PAGE)
            .containsAnyOf("`" + type.wireName() + " ", "`" + type.wireName() + "`", "\"type\":\"" + type.wireName() + "\"");
      }
    }
  }

  @Test
  void page_namesEveryErrorCodeAndWhichCarryRetryAfter() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(page).as("%s in %s", code.code(), PAGE).contains("`" + code.code() + "`");
    }
    String retrySection = page.substring(page.indexOf("**Codes that come with"));
    for (ErrorCode code : ErrorCode.values()) {
      if (code.retryable()) assertThat(retrySection).contains("`" + code.code() + "`");
    }
  }

  @Test
  void page_namesEveryCloseCode() throws IllegalAccessException {
    for (Field field : CloseCodes.class.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && field.getType() == int.class) {
        assertThat(page).as("close code %s in %s", field.getName(), PAGE).contains("| " + field.getInt(null) + " |");
      }
    }
  }
}
