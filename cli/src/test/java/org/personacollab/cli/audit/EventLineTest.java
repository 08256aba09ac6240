package org.personacollab.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLineTest {

  @Test
  void of_sequencedOpInWords_otherEventsByTheirData() {
    List<AuditRecord> chain = AuditEvents.chain(2);
    String hash1 = chain.get(0).event().path("hash").asString().substring(0, 8);
    String hash2 = chain.get(1).event().path("hash").asString().substring(0, 8);

    assertThat(EventLine.of(chain.get(0).event()))
        .isEqualTo("#1 2025-11-26T12:00:00Z session.created dev:alice: name=Workshop [" + hash1 + "]");
    assertThat(EventLine.of(chain.get(1).event()))
        .isEqualTo("#2 2025-11-26T12:00:00.002Z op.sequenced dev:bob: set age = 2 [" + hash2 + "]");
  }

  @Test
  void of_missingFields_questionMarks() {
    assertThat(EventLine.of(AuditEvents.CODEC.readTree("{\"data\":{}}"))).isEqualTo("#? ? ? ?: -");
  }
}
