package org.personacollab.generation.redis;

import java.time.Clock;
import java.time.Duration;
import org.personacollab.generation.domain.GenerationStore;
import org.personacollab.generation.domain.GenerationStoreContract;

class InMemoryGenerationStoreTest extends GenerationStoreContract {
  @Override
  protected GenerationStore newStore(Duration ttl) {
    return new InMemoryGenerationStore(Clock.systemUTC(), ttl);
  }
}
