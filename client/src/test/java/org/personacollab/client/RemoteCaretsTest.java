package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.client.RemoteCarets.Caret;
import org.personacollab.protocol.frame.ServerFrame;

class RemoteCaretsTest {
  private final FrameCodec codec = new FrameCodec();
  private final RemoteCarets carets = new RemoteCarets();

  private boolean feed(String json) {
    ServerFrame frame = codec.decode(json);
    assertThat(frame).as("decodes: %s", json).isNotNull();
    return carets.accept(frame);
  }

  private static String welcome(long version, String presence) {
    return "{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s\",\"clientId\":\"me\",\"version\":" + version
        + ",\"snapshot\":{},\"participants\":[],\"resumed\":false,\"presence\":[" + presence + "]}";
  }

  private static String presence(String client, String user, String focus, String caret, long v) {
    return "{\"type\":\"presence\",\"user_id\":\"" + user + "\",\"client_id\":\"" + client + "\",\"name\":\"" + user
        + "\",\"color\":\"#2f7ed8\",\"focus\":" + focus + ",\"caret\":" + caret + ",\"v\":" + v + ",\"ts\":1}";
  }

  private static String op(long v, String op) {
    return "{\"type\":\"op\",\"v\":" + v + ",\"src\":\"c9\",\"seq\":1,\"op\":" + op + ",\"user_id\":\"carol\",\"ts\":1}";
  }

  private Caret only() {
    assertThat(carets.current()).hasSize(1);
    return carets.current().get(0);
  }

  @Test
  void textTypedBeforeTheCaret_pushesItRight_textAfterLeavesIt() {
    feed(welcome(3, presence("cb", "bob", "[\"name\"]", "2", 3)));
    assertThat(only().caret()).isEqualTo(2);

    assertThat(feed(op(3, "[{\"p\":[\"name\",0],\"si\":\"Hi \"}]"))).isTrue();
    assertThat(only().caret()).isEqualTo(5);
    assertThat(feed(op(4, "[{\"p\":[\"name\",9],\"si\":\"!\"}]"))).isFalse();
    assertThat(only().caret()).isEqualTo(5);
    assertThat(carets.version()).isEqualTo(5);
  }

  @Test
  void listInsertBeforeTheField_shiftsTheFocus_andSelectionMovesToo() {
    feed(welcome(0, ""));
    feed("{\"type\":\"presence\",\"user_id\":\"bob\",\"client_id\":\"cb\",\"name\":\"Bob\",\"color\":\"#000000\","
        + "\"focus\":[\"goals\",1],\"caret\":4,\"selection\":[1,4],\"v\":0,\"ts\":1}");
    feed(op(0, "[{\"p\":[\"goals\",0],\"li\":\"new first goal\"}]"));
    feed(op(1, "[{\"p\":[\"goals\",2,0],\"si\":\"ab\"}]"));

    assertThat(only().focus()).containsExactly("goals", 2);
    assertThat(only().caret()).isEqualTo(6);
    assertThat(only().selection()).containsExactly(3, 6);
  }

  @Test
  void fieldRemovedOrReplaced_losesFocusAndCaret() {
    feed(welcome(0, presence("cb", "bob", "[\"name\"]", "1", 0)));
    feed(op(0, "[{\"p\":[\"name\"],\"od\":\"Ada\",\"oi\":\"Grace\"}]"));
    assertThat(only().focus()).isNull();
    assertThat(only().caret()).isNull();
  }

  @Test
  void presenceFromAhead_waitsForItsVersion() {
    feed(welcome(4, ""));
    assertThat(feed(presence("cb", "bob", "[\"name\"]", "1", 5))).isFalse();
    assertThat(carets.current()).isEmpty();

    assertThat(feed(op(4, "[{\"p\":[\"name\",0],\"si\":\"x\"}]"))).isTrue();
    assertThat(only().caret()).as("valid at 5 already: not moved again").isEqualTo(1);
  }

  @Test
  void presenceFromBehind_isBroughtForwardThroughRecentOps() {
    feed(welcome(0, ""));
    feed(op(0, "[{\"p\":[\"name\",0],\"si\":\"ab\"}]"));
    feed(op(1, "[{\"p\":[\"name\",0],\"si\":\"c\"}]"));
    feed(presence("cb", "bob", "[\"name\"]", "1", 1)); // "a|b" at v1, before "c" was typed in front

    assertThat(only().caret()).isEqualTo(2);
  }

  @Test
  void presenceOlderThanTheKeptOps_keepsOnlyItsFocus() {
    feed(welcome(0, ""));
    for (int v = 0; v < RemoteCarets.RECENT_OPS + 2; v++) feed(op(v, "[{\"p\":[\"n\"],\"na\":1}]"));
    feed(presence("cb", "bob", "[\"name\"]", "3", 0));
    assertThat(only().focus()).containsExactly("name");
    assertThat(only().caret()).isNull();
  }

  @Test
  void userLeft_removesTheirEntries_andAFreshWelcomeStartsOver() {
    feed(welcome(0, presence("cb", "bob", "[\"name\"]", "1", 0) + "," + presence("cc", "carol", "null", "null", 0)));
    assertThat(carets.current()).extracting(Caret::userId).containsExactly("bob", "carol");
    assertThat(feed("{\"type\":\"user_left\",\"user_id\":\"bob\",\"name\":\"bob\",\"ts\":2}")).isTrue();
    assertThat(carets.current()).extracting(Caret::userId).containsExactly("carol");

    feed(welcome(9, ""));
    assertThat(carets.current()).isEmpty();
    assertThat(carets.version()).isEqualTo(9);
  }

  @Test
  void caretDoesNotDependOnFeedingOrder_ofOpsAndPresenceFromAhead() {
    // The same history in two arrival orders ends with the same caret.
    RemoteCarets first = new RemoteCarets();
    RemoteCarets second = new RemoteCarets();
    List<String> ops = List.of(op(0, "[{\"p\":[\"name\",0],\"si\":\"ab\"}]"), op(1, "[{\"p\":[\"name\",1],\"si\":\"XYZ\"}]"));
    String p = presence("cb", "bob", "[\"name\"]", "2", 1);
    first.accept(codec.decode(welcome(0, "")));
    second.accept(codec.decode(welcome(0, "")));
    first.accept(codec.decode(p));
    for (String o : ops) first.accept(codec.decode(o));
    second.accept(codec.decode(ops.get(0)));
    second.accept(codec.decode(ops.get(1)));
    second.accept(codec.decode(p));
    assertThat(first.current()).isEqualTo(second.current());
    assertThat(first.current().get(0).caret()).isEqualTo(5);
  }
}
