package org.personacollab.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.sync.history.DocumentDiff;

class RestoreKeepsWorkshopTest {
  @Test
  void restoringAnOldVersion_bringsBackThePersona_butNotOldVotes() {
    Object old = JsonCodec.parse("{\"name\":\"Ada\",\"_workshop\":{\"votes\":{\"v1\":{\"status\":\"open\"}}}}");
    Object now = JsonCodec.parse("{\"name\":\"Bea\",\"title\":\"Lead\",\"_workshop\":{\"votes\":{\"v1\":{\"status\":\"closed\"}}}}");

    Object target = HistoryController.withWorkshopOf(old, now);
    var op = DocumentDiff.diff(now, target);

    assertThat(JsonCodec.canonical(target))
        .isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"name\":\"Ada\",\"_workshop\":{\"votes\":{\"v1\":{\"status\":\"closed\"}}}}")));
    assertThat(op.components()).allSatisfy(c -> assertThat(c.path().elements()).isNotEmpty().first().isNotEqualTo("_workshop"));
    assertThat(JsonCodec.canonical(Json0.apply(now, op))).isEqualTo(JsonCodec.canonical(target));
  }

  @Test
  void aVersionBeforeAnyWorkshop_restoredIntoOneWithIt_keepsIt_andNoneStaysNone() {
    Object old = JsonCodec.parse("{\"name\":\"Ada\"}");
    Object now = JsonCodec.parse("{\"name\":\"Bea\",\"_workshop\":{\"turns\":{\"on\":true}}}");
    assertThat(JsonCodec.canonical(HistoryController.withWorkshopOf(old, now)))
        .isEqualTo(JsonCodec.canonical(JsonCodec.parse("{\"name\":\"Ada\",\"_workshop\":{\"turns\":{\"on\":true}}}")));
    Object stale = JsonCodec.parse("{\"name\":\"Ada\",\"_workshop\":{\"turns\":{\"on\":true}}}");
    Object without = JsonCodec.parse("{\"name\":\"Bea\"}");
    assertThat(JsonCodec.canonical(HistoryController.withWorkshopOf(stale, without))).isEqualTo("{\"name\":\"Ada\"}");
  }
}
