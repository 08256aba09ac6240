package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkersTest {
  @Test
  void charOf_indexOf_roundTripOverTheWholeRange() {
    for (int i = 0; i < Markers.CAPACITY; i++) {
      char c = Markers.charOf(i);
      assertThat(Character.isSurrogate(c)).isFalse();
      assertThat(Markers.indexOf(c)).isEqualTo(i);
    }
    assertThat(Markers.CAPACITY).isEqualTo(20_992 + 6_592 + 11_172);
  }

  @Test
  void indexOf_startingDocument_hasNoMarkers() {
    for (char c : Participant.START_DOCUMENT.toCharArray()) assertThat(Markers.indexOf(c)).isEqualTo(-1);
    for (char c : "note choice é😀".toCharArray()) assertThat(Markers.indexOf(c)).isEqualTo(-1);
  }

  @Test
  void charOf_outOfRange_namesTheIndex() {
    assertThatThrownBy(() -> Markers.charOf(Markers.CAPACITY)).hasMessageContaining("was " + Markers.CAPACITY);
    assertThatThrownBy(() -> Markers.charOf(-1)).hasMessageContaining("was -1");
  }
}
