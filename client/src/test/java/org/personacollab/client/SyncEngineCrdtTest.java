package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.personacollab.client.EngineHarness.Outcome;
import org.personacollab.ot.Component;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.ot.crdt.CrdtState;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.Merge;
import org.personacollab.protocol.frame.OpSubmit;

/**
 * Offline mode in the engine (SyncEngine section 7): CRDT changes made while disconnected, shown
 * at once, sent as merge frames of at most 1,000 entries when live, dropped when acknowledged,
 * sent again after a reconnect, refused ones rolled back. The server side is ot-core's
 * {@link CrdtDocument#merge}, with the op the sequencer makes of a merge: one replace per
 * top-level key that changed.
 */
class SyncEngineCrdtTest {
  private final EngineHarness h = new EngineHarness();
  /** The server's document, the one the ops below build. */
  private @Nullable Object server = JsonCodec.parse("{\"name\":\"Ada\",\"goals\":[\"Ship\"]}");
  private long v = 5;

  private static final List<String> NAME = List.of("name");
  private static final List<String> GOALS = List.of("goals");

  private void connect() {
    h.connected("c1", v, JsonCodec.write(server));
  }

  /** Merges a sent merge frame as the sequencer does and returns the op it broadcasts. */
  private String sequence(Merge m) {
    CrdtState update = CrdtState.fromJson(JsonCodec.parse(m.changes().toString()));
    Object next = CrdtDocument.merge(server, update, "sequencer", System.currentTimeMillis());
    List<Component> cs = new ArrayList<>();
    Map<?, ?> before = server instanceof Map<?, ?> b ? b : Map.of();
    Map<?, ?> after = (Map<?, ?>) next;
    for (Object k : after.keySet()) {
      if (!JsonCodec.jsonEquals(before.get(k), after.get(k))) {
        cs.add(before.containsKey(k)
            ? new Component.ObjectReplace(Path.of(k), before.get(k), after.get(k))
            : new Component.ObjectInsert(Path.of(k), after.get(k)));
      }
    }
    server = next;
    return Op.of(cs.toArray(Component[]::new)).toString();
  }

  /** Sequences the in-flight merge and sends its op back (the ack). */
  private void ackLastMerge() {
    Merge m = lastMerge();
    String op = sequence(m);
    h.op(v++, "c1", m.seq(), op);
  }

  private Merge lastMerge() {
    for (int i = h.sent.size() - 1; i >= 0; i--) {
      if (h.sent.get(i) instanceof Merge m) return m;
    }
    throw new AssertionError("no merge sent: " + h.sent);
  }

  private long merges() {
    return h.sent.stream().filter(f -> f instanceof Merge).count();
  }

  private String userDoc() {
    return JsonCodec.canonical(CrdtDocument.withoutState(h.engine.document()));
  }

  private Outcome set(List<String> path, @Nullable Object value) {
    Outcome o = new Outcome();
    h.engine.crdtWrite(path, value, o);
    return o;
  }

  private Outcome add(List<String> path, @Nullable Object value) {
    Outcome o = new Outcome();
    h.engine.crdtAdd(path, value, o);
    return o;
  }

  private Outcome remove(List<String> path, @Nullable Object value) {
    Outcome o = new Outcome();
    h.engine.crdtRemove(path, value, o);
    return o;
  }

  @Test
  void offlineChanges_areShownAtOnce_sentOnResume_andDroppedWhenAcked() {
    connect();
    h.engine.connectionLost();

    Outcome a = set(NAME, "Grace");
    Outcome b = add(GOALS, "Hire");
    Outcome c = remove(GOALS, "Ship");
    Outcome d = set(List.of("demographics", "age_range"), "30-39");

    assertThat(h.sent).as("nothing is sent while offline").isEmpty();
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical(
        "{\"name\":\"Grace\",\"goals\":[\"Hire\"],\"demographics\":{\"age_range\":\"30-39\"}}"));
    assertThat(h.engine.crdtPending().size()).as("2 writes, 1 add, 1 removed tag").isEqualTo(4);
    assertThat(h.engine.synced()).isFalse();

    h.engine.connectionOpened();
    h.welcome("c9", 7, "{}");
    assertThat(h.sent).singleElement().isInstanceOf(Hello.class);
    h.resumed("c1", v);

    Merge m = lastMerge();
    assertThat(m.seq()).isEqualTo(1);
    assertThat(m.src()).isEqualTo("c1");
    ackLastMerge();

    assertThat(List.of(a, b, c, d)).allSatisfy(o -> assertThat(o.acked).isTrue());
    assertThat(h.engine.crdtPending().isEmpty()).isTrue();
    assertThat(h.engine.synced()).isTrue();
    assertThat(h.engine.version()).isEqualTo(6);
    assertThat(JsonCodec.canonical(h.engine.document())).isEqualTo(JsonCodec.canonical(server));
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical(
        "{\"name\":\"Grace\",\"goals\":[\"Hire\"],\"demographics\":{\"age_range\":\"30-39\"}}"));
  }

  @Test
  void removingAGeneratedItem_asTheFirstChange_namesItsBaseTag_andTheServerRemovesIt() {
    connect(); // goals ["Ship"] came from a generation: the state has never seen the list
    Outcome o = remove(GOALS, "Ship");
    assertThat(h.engine.crdtPending().size()).as("the base tag of Ship is removed").isEqualTo(1);
    ackLastMerge();
    assertThat(o.acked).isTrue();
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical("{\"name\":\"Ada\",\"goals\":[]}"));
  }

  @Test
  void removeAt_removesThatItemOnly_whenTwoItemsReadTheSame() {
    connect();
    add(GOALS, "Hire");
    add(GOALS, "Hire");
    assertThat(userDoc()).as("a value added twice is two items").contains("[\"Ship\",\"Hire\",\"Hire\"]");
    Outcome o = new Outcome();
    h.engine.crdtRemoveAt(GOALS, 1, o);
    assertThat(userDoc()).contains("[\"Ship\",\"Hire\"]");
    while (!h.engine.synced()) ackLastMerge();
    assertThat(o.acked).isTrue();
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical("{\"name\":\"Ada\",\"goals\":[\"Ship\",\"Hire\"]}"));
    assertThatThrownBy(() -> h.engine.crdtRemoveAt(GOALS, 5, new Outcome()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no item 5");
  }

  @Test
  void manyChanges_goAsMergesOfAtMost1000Entries_oneInFlightAtATime() {
    connect();
    h.engine.connectionLost();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      outcomes.add(add(GOALS, "g" + i));
    }
    h.engine.connectionOpened();
    h.welcome("c9", 7, "{}");
    h.resumed("c1", v);

    assertThat(merges()).isEqualTo(1);
    int entries = 0;
    long seq = 0;
    while (!h.engine.crdtPending().isEmpty()) {
      Merge m = lastMerge();
      assertThat(m.seq()).isEqualTo(++seq);
      int n = CrdtState.fromJson(JsonCodec.parse(m.changes().toString())).size();
      assertThat(n).isLessThanOrEqualTo(Merge.MAX_CHANGES);
      entries += n;
      ackLastMerge();
    }
    assertThat(seq).isEqualTo(2);
    assertThat(entries).isEqualTo(1200);
    assertThat(outcomes).allSatisfy(o -> assertThat(o.acked).isTrue());
    @SuppressWarnings("unchecked")
    List<Object> goals = (List<Object>) ((Map<String, Object>) Objects.requireNonNull(h.engine.document())).get("goals");
    assertThat(goals).hasSize(1201).startsWith("Ship", "g0", "g1");
  }

  @Test
  void remoteOpsWhileAMergeIsInFlight_areApplied_andTheViewKeepsThePendingChanges() {
    connect();
    Outcome a = set(NAME, "Grace");
    Merge m = lastMerge();
    Outcome b = add(GOALS, "Hire");
    assertThat(merges()).as("one merge in flight").isEqualTo(1);

    // Someone else's json0 op is sequenced first.
    String remote = "[{\"p\":[\"role\"],\"oi\":\"PM\"}]";
    server = org.personacollab.ot.Json0.apply(server, Op.parse(remote));
    h.op(v++, "other", 1, remote);
    assertThat(userDoc()).contains("\"role\":\"PM\"").contains("\"name\":\"Grace\"").contains("Hire");

    h.op(v++, "c1", m.seq(), sequence(m));
    assertThat(a.acked).isTrue();
    assertThat(b.pending()).isTrue();
    assertThat(lastMerge().seq()).isEqualTo(2);
    ackLastMerge();
    assertThat(b.acked).isTrue();
    assertThat(JsonCodec.canonical(h.engine.document())).isEqualTo(JsonCodec.canonical(server));
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical(
        "{\"name\":\"Grace\",\"goals\":[\"Ship\",\"Hire\"],\"role\":\"PM\"}"));
  }

  @Test
  void aWelcomeThatDoesNotResume_keepsTheCrdtChanges_andSendsThemAgainWithNewNumbers() {
    connect();
    Outcome a = set(NAME, "Grace");
    assertThat(lastMerge().seq()).isEqualTo(1);
    h.engine.connectionLost();
    Outcome b = add(GOALS, "Hire");

    // The server lost the session's resume state: a fresh identity and snapshot (someone renamed).
    server = JsonCodec.parse("{\"name\":\"Bob\",\"goals\":[\"Ship\"]}");
    v = 40;
    h.engine.connectionOpened();
    h.welcome("c9", 7, "{}");
    h.welcome("c2", v, JsonCodec.write(server));

    assertThat(a.pending()).as("not lost: CRDT changes are not tied to a version").isTrue();
    assertThat(userDoc()).contains("\"name\":\"Grace\"").contains("Hire");
    Merge again = lastMerge();
    assertThat(again.src()).isEqualTo("c2");
    assertThat(again.seq()).isEqualTo(1);
    h.op(v++, "c2", again.seq(), sequence(again));
    assertThat(a.acked).isTrue();
    assertThat(b.acked).isTrue();
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical("{\"name\":\"Grace\",\"goals\":[\"Ship\",\"Hire\"]}"));
    assertThat(h.engine.synced()).isTrue();
  }

  @Test
  void aMergeTheServerAlreadyApplied_sentAgainAfterResume_isAckedByTheCatchUp() {
    connect();
    Outcome a = set(NAME, "Grace");
    Merge m = lastMerge();
    String op = sequence(m); // sequenced, but the socket died before the op arrived
    h.engine.connectionLost();
    h.engine.connectionOpened();
    h.welcome("c9", 9, "{}");
    h.resumed("c1", v);
    assertThat(lastMerge()).as("sent again with the same seq").isEqualTo(m);
    h.op(v++, "c1", m.seq(), op);
    assertThat(a.acked).isTrue();
    assertThat(JsonCodec.canonical(h.engine.document())).isEqualTo(JsonCodec.canonical(server));
  }

  @Test
  void aRefusedMerge_failsItsChanges_andTakesThemOutOfTheDocument() {
    connect();
    Outcome a = set(NAME, "Grace");
    Outcome b = add(GOALS, "Hire");
    Merge m = lastMerge();
    h.nack(m.seq(), "forbidden", null);

    assertThat(a.error).isInstanceOf(RejectedChangeException.class);
    assertThat(((RejectedChangeException) a.error).code()).isEqualTo("forbidden");
    assertThat(b.pending()).as("made after that merge was sent: not part of it").isTrue();
    assertThat(h.events).anySatisfy(e -> assertThat(e.kind()).isEqualTo(DocumentEvent.Kind.ROLLBACK));
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical("{\"name\":\"Ada\",\"goals\":[\"Ship\",\"Hire\"]}"));
    Merge next = lastMerge();
    assertThat(next.seq()).isEqualTo(2);
    h.nack(next.seq(), "forbidden", null);
    assertThat(b.error).isInstanceOf(RejectedChangeException.class);
    assertThat(h.engine.crdtPending().isEmpty()).isTrue();
    assertThat(JsonCodec.canonical(h.engine.document())).isEqualTo(JsonCodec.canonical(server));
    assertThat(h.engine.synced()).isTrue();
  }

  @Test
  void aRetriableNack_sendsTheSameMergeAgain() {
    connect();
    Outcome a = set(NAME, "Grace");
    Merge m = lastMerge();
    h.nack(m.seq(), "unavailable", 50L);
    assertThat(h.retries).singleElement().satisfies(r -> assertThat(r.retryAfter()).isEqualTo(50L));
    h.engine.retry(h.retries.get(0).seq(), h.retries.get(0).sends());
    assertThat(merges()).isEqualTo(2);
    assertThat(lastMerge()).isEqualTo(m);
    ackLastMerge();
    assertThat(a.acked).isTrue();
  }

  @Test
  void aFieldWrittenTwiceBeforeSending_isSentOnce_andBothChangesAreAcked() {
    connect();
    h.engine.connectionLost();
    Outcome a = set(NAME, "Grace");
    Outcome b = set(NAME, "Hopper");
    assertThat(h.engine.crdtPending().size()).isEqualTo(1);
    h.engine.connectionOpened();
    h.welcome("c9", 7, "{}");
    h.resumed("c1", v);
    ackLastMerge();
    assertThat(a.acked).isTrue();
    assertThat(b.acked).isTrue();
    assertThat(userDoc()).contains("\"name\":\"Hopper\"");
  }

  @Test
  void changesTheDocumentCannotTake_areRefusedLocally_andChangeNothing() {
    connect();
    String before = JsonCodec.canonical(h.engine.document());
    assertThatThrownBy(() -> set(GOALS, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> add(NAME, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set(NAME, Map.of("a", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set(List.of("_crdt"), "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> add(List.of("_workshop"), "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set(List.of(), "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(JsonCodec.canonical(h.engine.document())).isEqualTo(before);
    assertThat(h.sent).isEmpty();
    assertThat(h.engine.synced()).isTrue();
  }

  @Test
  void beforeTheFirstWelcome_orAfterClose_changesAreRefused() {
    h.engine.connectionOpened();
    assertThatThrownBy(() -> set(NAME, "x")).isInstanceOf(IllegalStateException.class);
    connect();
    h.engine.connectionLost();
    Outcome pending = set(NAME, "x");
    h.engine.close(new ClientClosedException("bye"));
    assertThat(pending.error).isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> set(NAME, "y")).isInstanceOf(ClientClosedException.class);
  }

  @Test
  void json0ChangesGoFirst_andKeepTheirBehaviour() {
    connect();
    h.engine.connectionLost();
    Outcome crdt = set(NAME, "Grace");
    Outcome ot = h.submit("[{\"p\":[\"role\"],\"oi\":\"PM\"}]");
    h.engine.connectionOpened();
    h.welcome("c9", 7, "{}");
    h.resumed("c1", v);
    List<ClientFrame> afterHello = h.sent.subList(1, h.sent.size());
    assertThat(afterHello).singleElement().isInstanceOf(OpSubmit.class);
    OpSubmit op = h.lastOp();
    server = org.personacollab.ot.Json0.apply(server, Op.parse(op.op().toString()));
    h.op(v++, "c1", op.seq(), op.op().toString());
    assertThat(ot.acked).isTrue();
    assertThat(lastMerge().seq()).isEqualTo(2);
    ackLastMerge();
    assertThat(crdt.acked).isTrue();
    assertThat(userDoc()).isEqualTo(EngineHarness.canonical("{\"name\":\"Grace\",\"goals\":[\"Ship\"],\"role\":\"PM\"}"));
  }

}
