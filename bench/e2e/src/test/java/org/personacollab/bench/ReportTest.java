package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {
  static final String OT = "# Benchmarks\n\n## OT engine\n\nJava 9.9x.\n";

  @Test
  void updateDoc_noSection_appendsItAndKeepsTheRest() {
    String doc = Report.updateDoc(OT, Report.BEGIN + "\nv1\n" + Report.END);
    assertThat(doc).startsWith(OT).contains("\n## End-to-end fan-out\n\n" + Report.BEGIN + "\nv1\n" + Report.END + "\n");
  }

  @Test
  void updateDoc_existingBlock_isReplaced_handWrittenNotesStay() {
    String once = Report.updateDoc(OT, Report.BEGIN + "\nv1\n" + Report.END) + "\n### Where the time goes\n\nnotes\n";
    String twice = Report.updateDoc(once, Report.BEGIN + "\nv2\n" + Report.END);
    assertThat(twice).contains("v2").doesNotContain("v1").contains("### Where the time goes\n\nnotes\n").startsWith(OT);
  }

  @Test
  void updateDoc_headingWithoutBlock_putsTheBlockUnderIt() {
    String doc = OT + "\n## End-to-end fan-out\n\nold prose\n";
    String updated = Report.updateDoc(doc, Report.BEGIN + "\nv1\n" + Report.END);
    assertThat(updated).contains("## End-to-end fan-out\n\n" + Report.BEGIN).contains("old prose");
  }

  @Test
  void ms_formatsMicroseconds() {
    assertThat(Report.ms(7_340)).isEqualTo("7.3 ms");
    assertThat(Report.ms(123_456)).isEqualTo("123 ms");
  }
}
