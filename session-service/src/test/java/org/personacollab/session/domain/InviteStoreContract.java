package org.personacollab.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link InviteStore} adapter must have. Subclasses supply the adapter and its clock. */
public abstract class InviteStoreContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T09:00:00Z"));
  private InviteStore store;

  protected abstract InviteStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  private Invite invite(String jti, String sessionId, Duration ttl) {
    Instant now = clock.instant();
    return new Invite(jti, sessionId, Role.EDITOR, "dev:alice", now, now.plus(ttl), false);
  }

  @Test
  void save_thenFindAndList() {
    Invite a = invite("inv-a-" + System.nanoTime(), "sess01", Duration.ofHours(1));
    clock.advance(Duration.ofSeconds(1));
    Invite b = invite("inv-b-" + System.nanoTime(), "sess01", Duration.ofHours(2));
    store.save(a).block();
    store.save(b).block();

    assertThat(store.find("sess01", a.jti()).block()).isEqualTo(a);
    assertThat(store.find("sess02", a.jti()).blockOptional()).as("another session's invite").isEmpty();
    assertThat(store.list("sess01", clock.instant()).collectList().block()).containsExactly(a, b);
  }

  @Test
  void expired_notFoundNorListed() {
    Invite a = invite("inv-x-" + System.nanoTime(), "sess03", Duration.ofMinutes(5));
    store.save(a).block();

    clock.advance(Duration.ofMinutes(5));

    assertThat(store.find("sess03", a.jti()).blockOptional()).isEmpty();
    assertThat(store.list("sess03", clock.instant()).collectList().block()).isEmpty();
  }

  @Test
  void revoke_once_thenRevokedAndMarked_secondIsFalse() {
    Invite a = invite("inv-r-" + System.nanoTime(), "sess04", Duration.ofHours(1));
    store.save(a).block();
    assertThat(store.isRevoked(a.jti()).block()).isFalse();

    assertThat(store.revoke(a, clock.instant()).block()).isTrue();
    assertThat(store.isRevoked(a.jti()).block()).isTrue();
    assertThat(store.find("sess04", a.jti()).block().revoked()).isTrue();
    assertThat(store.revoke(a, clock.instant()).block()).isFalse();
  }

  @Test
  void revoke_expiredInvite_nothingToKeep() {
    Invite a = invite("inv-e-" + System.nanoTime(), "sess05", Duration.ofMinutes(1));
    store.save(a).block();

    assertThat(store.revoke(a, a.expiresAt()).block()).isFalse();
    assertThat(store.isRevoked(a.jti()).block()).isFalse();
  }
}
