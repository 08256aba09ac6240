package org.personacollab.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.cli.Json;
import org.personacollab.protocol.kafka.AuditChain;
import tools.jackson.databind.JsonNode;

/** verify's verdicts, and tail's incremental check agreeing with AuditChain.verify on each of them. */
class VerificationTest {

  @Test
  void intactChain_countAndHead() {
    List<AuditRecord> records = AuditEvents.chain(5);

    Verification result = Verification.of("s1", "persona.audit", records);

    assertThat(result.intact()).isTrue();
    assertThat(result.events()).isEqualTo(5);
    assertThat(result.head()).isEqualTo(new Verification.Head(5, records.get(4).event().path("hash").asString()));
    JsonNode json = Json.tree(Json.line(result.toJson()));
    assertThat(json.path("intact").asBoolean()).isTrue();
    assertThat(json.path("head").path("sequence").asLong()).isEqualTo(5);
    assertThat(json.has("break")).isFalse();
  }

  @Test
  void brokenChains_firstBadEventWhereAndWhy() {
    List<AuditRecord> chain = AuditEvents.chain(6);
    Object[][] cases = {
      // what was done, the records, sequence, id, reason, index of the bad record
      {"content changed", with(chain, 3, AuditEvents.tampered(chain.get(3), e -> e.withObject("data").put("user_id", "mallory"))),
          4L, "s1-4", "hash does not match the event's content", 3},
      {"event removed", without(chain, 2), 4L, "s1-4", "sequence 4 where 3 was expected", 2},
      {"event replayed", with(chain, 4, chain.get(3)), 4L, "s1-4", "sequence 4 where 5 was expected", 4},
      {"rehashed after a change", with(chain, 1, rehashed(AuditEvents.tampered(chain.get(1), e -> e.put("time", "2000-01-01T00:00:00Z")))),
          3L, "s1-3", "prevhash does not match the previous event's hash", 2},
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      List<AuditRecord> records = (List<AuditRecord>) c[1];

      Verification result = Verification.of("s1", "persona.audit", records);

      assertThat(result.intact()).as((String) c[0]).isFalse();
      assertThat(result.broken()).as((String) c[0])
          .isEqualTo(new Verification.Broken((Long) c[2], (String) c[3], (String) c[4], 0, records.get((Integer) c[5]).offset()));
      assertThat(result.intactBefore()).as((String) c[0]).isEqualTo(c[5]);
      assertThat(firstBreakSeenByTail(records)).as("tail agrees: " + c[0]).isEqualTo(c[5]);
    }
  }

  @Test
  void recordThatIsNotJson_breaksTheChainThere() {
    List<AuditRecord> records = new ArrayList<>(AuditEvents.chain(3));
    records.add(2, new AuditRecord(0, 7, null, "garbage"));

    Verification result = Verification.of("s1", "persona.audit", records);

    assertThat(result.broken()).isEqualTo(new Verification.Broken(3, "?", "the record is not a JSON object", 0, 7));
    assertThat(result.intactBefore()).isEqualTo(2);
  }

  @Test
  void tailStartedMidway_checksLinksFromTheFirstEventItSees() {
    List<AuditRecord> chain = AuditEvents.chain(5);
    ChainCheck check = ChainCheck.fromAnywhere();

    assertThat(check.next(chain.get(2).event())).isNull();
    assertThat(check.next(chain.get(3).event())).isNull();
    assertThat(check.next(chain.get(2).event())).isEqualTo("sequence 3 where 5 was expected");
  }

  /** The index of the first record tail's ChainCheck flags, or -1. */
  private static int firstBreakSeenByTail(List<AuditRecord> records) {
    ChainCheck check = ChainCheck.fromGenesis();
    for (int i = 0; i < records.size(); i++) {
      if (check.next(records.get(i).event()) != null) {
        return i;
      }
    }
    return -1;
  }

  private static AuditRecord rehashed(AuditRecord record) {
    return AuditEvents.tampered(record, e -> e.put("hash", AuditChain.hash(e)));
  }

  private static List<AuditRecord> with(List<AuditRecord> chain, int index, AuditRecord replacement) {
    List<AuditRecord> copy = new ArrayList<>(chain);
    copy.set(index, replacement);
    return copy;
  }

  private static List<AuditRecord> without(List<AuditRecord> chain, int index) {
    List<AuditRecord> copy = new ArrayList<>(chain);
    copy.remove(index);
    return copy;
  }
}
