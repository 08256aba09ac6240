package org.personacollab.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.kafka.OpsRecord;

/** A welcome's presence entries are moved to its version through the ops the joiner never sees. */
class WelcomePresenceTest {
  private final WireCodec codec = new WireCodec();
  private final PresenceFrame bob =
      new PresenceFrame("bob", "cb", "Bob", "#2f7ed8", codec.readTree("[\"name\"]"), 1, null, 2, 1000);

  private OpsRecord.Sequenced op(long v, String op) {
    return new OpsRecord.Sequenced("s", v, "c9", v, codec.readTree(op), "carol", 1);
  }

  @Test
  void entryBehindTheSnapshot_isMovedThroughTheOpsSinceItsVersion() {
    PresenceFrame rebased =
        SessionSocketHandler.rebase(
            bob, 4, List.of(op(2, "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]"), op(3, "[{\"p\":[\"age\"],\"na\":1}]")));
    assertThat(rebased.caret()).isEqualTo(4);
    assertThat(rebased.v()).isEqualTo(4);
  }

  @Test
  void opsMissingFromTheReadModel_leaveTheEntryValidAtItsOwnVersion() {
    PresenceFrame rebased = SessionSocketHandler.rebase(bob, 4, List.of(op(2, "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]")));
    assertThat(rebased).isEqualTo(bob);
  }
}
