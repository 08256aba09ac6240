package org.personacollab.session.domain;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore() {
    return new InMemorySessionStore();
  }
}
