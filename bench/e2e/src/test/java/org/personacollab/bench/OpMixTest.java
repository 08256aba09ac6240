package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpMixTest {
  @Test
  void parse_default_roundTrips() {
    OpMix mix = OpMix.parse(OpMix.DEFAULT);
    assertThat(mix.toString()).isEqualTo(OpMix.DEFAULT);
    assertThat(mix.total()).isEqualTo(100);
  }

  @Test
  void parse_unnamedKinds_getZero_andAreNeverPicked() {
    OpMix mix = OpMix.parse("type=1");
    Random random = new Random(1);
    for (int i = 0; i < 1000; i++) assertThat(mix.pick(random)).isEqualTo(ChangeKind.TYPE);
  }

  @Test
  void pick_followsTheWeights() {
    OpMix mix = OpMix.parse("type=60,backspace=15,list-insert=10,list-delete=5,replace=10");
    Map<ChangeKind, Integer> counts = new EnumMap<>(ChangeKind.class);
    Random random = new Random(7);
    int n = 100_000;
    for (int i = 0; i < n; i++) counts.merge(mix.pick(random), 1, Integer::sum);
    assertThat(counts.get(ChangeKind.TYPE) / (double) n).isBetween(0.59, 0.61);
    assertThat(counts.get(ChangeKind.LIST_DELETE) / (double) n).isBetween(0.045, 0.055);
  }

  @Test
  void parse_badInput_saysWhatIsWrong() {
    assertThatThrownBy(() -> OpMix.parse("typing=3")).hasMessageContaining("unknown change kind 'typing'");
    assertThatThrownBy(() -> OpMix.parse("type")).hasMessageContaining("not kind=weight");
    assertThatThrownBy(() -> OpMix.parse("type=x")).hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> OpMix.parse("type=0")).hasMessageContaining("at least one positive weight");
    assertThatThrownBy(() -> OpMix.parse("type=-1")).hasMessageContaining("must be >= 0");
  }
}
