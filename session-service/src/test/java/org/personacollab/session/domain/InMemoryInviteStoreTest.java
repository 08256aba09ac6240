package org.personacollab.session.domain;

class InMemoryInviteStoreTest extends InviteStoreContract {
  @Override
  protected InviteStore newStore() {
    return new InMemoryInviteStore(clock);
  }
}
