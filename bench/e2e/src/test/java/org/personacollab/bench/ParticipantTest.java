package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.personacollab.client.ConnectionState;
import org.personacollab.client.DocumentEvent;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The generator's changes against a fake session: one shared document, every participant's
 * changes held back and composed (as the real client does while one is in flight) until another
 * participant acts, then delivered to everyone else as one REMOTE op. Every measured change must
 * be matched once per receiver, whatever was composed with what.
 */
class ParticipantTest {

  @Test
  void act_manyRandomChanges_everyMeasuredChangeSeenByEveryReceiver() {
    int size = 6;
    FakeHub hub = new FakeHub(JsonCodec.parse(Participant.START_DOCUMENT));
    SessionTracker tracker = new SessionTracker("fake", size - 1, Markers.CAPACITY);
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Participant p = new Participant(hub.client("p" + i), "p" + i, tracker, OpMix.parse(OpMix.DEFAULT), i, 11 + i);
      p.listen();
      participants.add(p);
    }
    Random random = new Random(5);
    FakeClient last = null;
    for (int n = 0; n < 5000; n++) {
      Participant p = participants.get(random.nextInt(size));
      FakeClient c = (FakeClient) p.client;
      if (last != null && last != c) last.flush(); // another person acts: the held-back changes go out
      p.act(System.nanoTime(), n >= 500);
      last = c;
      if (random.nextInt(3) == 0) {
        c.flush();
        last = null;
      }
    }
    if (last != null) last.flush();

    SessionTracker.Totals t = new SessionTracker.Totals();
    tracker.addTo(t);
    assertThat(t.submittedTotal()).isEqualTo(4500);
    assertThat(t.unobserved).as("unobserved by kind %s", List.of(ChangeKind.values())).containsOnly(0L);
    assertThat(t.fanoutAll.getTotalCount()).isEqualTo(4500L * (size - 1));
    assertThat(t.duplicates).isZero();
    assertThat(t.strays).isZero();
    assertThat(hub.composedOps).as("some changes were composed").isPositive();
    long[] made = new long[ChangeKind.values().length];
    for (Participant p : participants) {
      long[] m = p.made();
      for (int k = 0; k < m.length; k++) made[k] += m[k];
    }
    for (ChangeKind k : ChangeKind.values()) assertThat(made[k.ordinal()]).as("%s made", k).isPositive();
    // Deletes only remove what their author typed or inserted: the starting text is intact.
    assertThat((String) ((Map<?, ?>) hub.doc).get("summary")).contains("Plans the weekly shop");
  }

  /** The shared document and the fake clients on it. */
  static final class FakeHub {
    @Nullable Object doc;
    long version;
    int composedOps;
    final List<FakeClient> clients = new ArrayList<>();

    FakeHub(@Nullable Object doc) {
      this.doc = doc;
    }

    FakeClient client(String name) {
      FakeClient c = new FakeClient(this, name);
      clients.add(c);
      return c;
    }
  }

  /** Local echo into the shared document; changes go out composed on {@link #flush}. */
  static final class FakeClient implements PersonaClient {
    final FakeHub hub;
    final String name;
    final List<Op> pending = new ArrayList<>();
    final List<Sinks.One<Void>> outcomes = new ArrayList<>();
    final Sinks.Many<DocumentEvent> changes = Sinks.many().multicast().directBestEffort();

    FakeClient(FakeHub hub, String name) {
      this.hub = hub;
      this.name = name;
    }

    void flush() {
      if (pending.isEmpty()) return;
      Op composed = pending.get(0);
      for (int i = 1; i < pending.size(); i++) composed = Json0.compose(composed, pending.get(i));
      if (pending.size() > 1) hub.composedOps++;
      long v = ++hub.version;
      for (FakeClient other : hub.clients) {
        if (other != this) other.changes.tryEmitNext(new DocumentEvent(DocumentEvent.Kind.REMOTE, composed, v, name, hub.doc));
      }
      pending.clear();
      for (Sinks.One<Void> o : outcomes) o.tryEmitEmpty();
      outcomes.clear();
    }

    @Override
    public Mono<Void> submitWith(Function<@Nullable Object, Op> opFor) {
      Op op = opFor.apply(hub.doc);
      hub.doc = Json0.apply(hub.doc, op);
      pending.add(op);
      Sinks.One<Void> outcome = Sinks.one();
      outcomes.add(outcome);
      return outcome.asMono();
    }

    @Override
    public Mono<Void> submit(Op op) {
      return submitWith(d -> op);
    }

    @Override
    public Flux<DocumentEvent> changes() {
      return changes.asFlux();
    }

    @Override
    public Flux<ServerFrame> frames() {
      return Flux.never();
    }

    @Override
    public Flux<ConnectionState> states() {
      return Flux.just(ConnectionState.CONNECTED);
    }

    @Override
    public Mono<Void> connect() {
      return Mono.empty();
    }

    @Override
    public @Nullable Object document() {
      return hub.doc;
    }

    @Override
    public long version() {
      return hub.version;
    }

    @Override
    public @Nullable String clientId() {
      return name;
    }

    @Override
    public ConnectionState state() {
      return ConnectionState.CONNECTED;
    }

    @Override
    public Mono<Void> set(List<Object> path, @Nullable Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> whenSynced() {
      return Mono.empty();
    }

    @Override
    public Mono<Void> close() {
      return Mono.empty();
    }
  }
}
