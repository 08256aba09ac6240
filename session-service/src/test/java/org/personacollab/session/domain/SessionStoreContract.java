package org.personacollab.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.personacollab.session.domain.SessionStore.CreateOutcome;

/** The behaviour every {@link SessionStore} adapter must have. Subclasses supply the adapter. */
public abstract class SessionStoreContract {
  private SessionStore store;

  protected abstract SessionStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  static Session session(String id, long epochSecond) {
    return new Session(id, "Workshop " + id, Instant.ofEpochSecond(epochSecond), "alice", SessionStatus.ACTIVE);
  }

  @Test
  void create_thenFind_returnsEqualSession() {
    Session s = session("abc123", 1_705_312_800L);

    assertThat(store.create(s, 10).block()).isEqualTo(CreateOutcome.CREATED);
    assertThat(store.find("abc123").block()).isEqualTo(s);
  }

  @Test
  void find_unknown_isEmpty() {
    assertThat(store.find("nope42").blockOptional()).isEmpty();
  }

  @Test
  void create_sameIdTwice_secondIsIdTakenAndFirstKept() {
    Session first = session("dup123", 100);
    Session second = new Session("dup123", "Other", Instant.ofEpochSecond(200), null, SessionStatus.ACTIVE);

    assertThat(store.create(first, 10).block()).isEqualTo(CreateOutcome.CREATED);
    assertThat(store.create(second, 10).block()).isEqualTo(CreateOutcome.ID_TAKEN);
    assertThat(store.find("dup123").block()).isEqualTo(first);
    assertThat(store.countActive().block()).isEqualTo(1L);
  }

  @Test
  void create_atLimit_refusedAndNothingStored() {
    assertThat(store.create(session("one111", 1), 2).block()).isEqualTo(CreateOutcome.CREATED);
    assertThat(store.create(session("two222", 2), 2).block()).isEqualTo(CreateOutcome.CREATED);

    assertThat(store.create(session("three3", 3), 2).block()).isEqualTo(CreateOutcome.LIMIT_REACHED);
    assertThat(store.find("three3").blockOptional()).isEmpty();
    assertThat(store.countActive().block()).isEqualTo(2L);
  }

  @Test
  void listActive_newestFirst_withPaging() {
    store.create(session("aaa111", 10), 10).block();
    store.create(session("bbb222", 30), 10).block();
    store.create(session("ccc333", 20), 10).block();

    assertThat(store.listActive(0, 10).map(Session::id).collectList().block())
        .containsExactly("bbb222", "ccc333", "aaa111");
    assertThat(store.listActive(1, 1).map(Session::id).collectList().block()).containsExactly("ccc333");
    assertThat(store.listActive(3, 5).collectList().block()).isEmpty();
    assertThat(store.countActive().block()).isEqualTo(3L);
  }
}
