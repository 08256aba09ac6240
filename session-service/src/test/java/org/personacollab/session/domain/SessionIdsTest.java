package org.personacollab.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
  @Test
  void next_hasAlphabetAndLengthAndIsUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = SessionIds.next();
      assertThat(id).hasSize(SessionIds.LENGTH).matches("[" + SessionIds.ALPHABET + "]+");
      assertThat(SessionIds.isValid(id)).isTrue();
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void isValid_rejectsPathTricksAndEmpty() {
    assertThat(SessionIds.isValid("abc123")).isTrue();
    assertThat(SessionIds.isValid("")).isFalse();
    assertThat(SessionIds.isValid("ab")).isFalse();
    assertThat(SessionIds.isValid("../etc")).isFalse();
    assertThat(SessionIds.isValid("a b c")).isFalse();
    assertThat(SessionIds.isValid("x".repeat(65))).isFalse();
  }
}
