package org.personacollab.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Op;
import org.personacollab.protocol.WireCodec;

class PresenceFrameTest {
  private final WireCodec codec = new WireCodec();

  private PresenceFrame at(String focus, Integer caret, List<Integer> selection) {
    return new PresenceFrame("bob", "cb", "Bob", "#2f7ed8", codec.readTree(focus), caret, selection, 7, 1000);
  }

  @Test
  void through_movesCaretAndSelection_andStepsTheVersion() {
    PresenceFrame moved = at("[\"goals\",1]", 4, List.of(1, 4)).through(Op.parse("[{\"p\":[\"goals\",1,0],\"si\":\"ab\"}]"));
    assertThat(moved.caret()).isEqualTo(6);
    assertThat(moved.selection()).containsExactly(3, 6);
    assertThat(moved.v()).isEqualTo(8);
    assertThat(moved.focus().toString()).isEqualTo("[\"goals\",1]");
    assertThat(moved.ts()).as("when they were last heard of: unchanged").isEqualTo(1000);
  }

  @Test
  void through_listInsertBefore_shiftsTheFocusIndex() {
    PresenceFrame moved = at("[\"goals\",1]", null, null).through(Op.parse("[{\"p\":[\"goals\",0],\"li\":\"x\"}]"));
    assertThat(moved.focus().toString()).isEqualTo("[\"goals\",2]");
    assertThat(moved.caret()).isNull();
  }

  @Test
  void through_fieldReplacedOrAnOpThatDoesNotFit_isNowhere() {
    PresenceFrame replaced = at("[\"name\"]", 2, null).through(Op.parse("[{\"p\":[\"name\"],\"od\":\"Ada\",\"oi\":\"Grace\"}]"));
    assertThat(replaced.focus()).isNull();
    assertThat(replaced.caret()).isNull();
    assertThat(replaced.v()).isEqualTo(8);

    PresenceFrame nowhere =
        new PresenceFrame("bob", "cb", "Bob", "#2f7ed8", null, null, null, 7, 1000).through(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    assertThat(nowhere.focus()).isNull();
    assertThat(nowhere.v()).isEqualTo(8);
  }

  @Test
  void through_unrelatedOp_changesOnlyTheVersion() {
    PresenceFrame p = at("[\"name\"]", 2, null);
    assertThat(p.through(Op.parse("[{\"p\":[\"age\"],\"na\":1}]"))).isEqualTo(p.at(8));
  }
}
