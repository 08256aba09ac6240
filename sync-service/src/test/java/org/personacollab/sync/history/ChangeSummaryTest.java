package org.personacollab.sync.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.personacollab.ot.Op;

class ChangeSummaryTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
          [{"p":["title"],"oi":"Lead"}]                                              | set title
          [{"p":["title"],"od":"A","oi":"B"}]                                        | set title
          [{"p":["demographics","age"],"od":33,"oi":34}]                             | set demographics.age
          [{"p":["goals",2,4],"si":"twelve chars"}]                                  | typed 12 characters in goals[2]
          [{"p":["name",0],"si":"D"}]                                                | typed 1 character in name
          [{"p":["name",0],"sd":"Dr "}]                                              | deleted 3 characters in name
          [{"p":["name",0],"sd":"ab"},{"p":["name",0],"si":"xyz"}]                   | typed 3 and deleted 2 characters in name
          [{"p":["name",0],"si":"😀"}]                                               | typed 1 character in name
          [{"p":["goals",3],"li":""}]                                                | added a goal
          [{"p":["goals",0],"li":"a"},{"p":["goals",1],"li":"b"}]                    | added 2 goals
          [{"p":["pain_points",0],"ld":"a"},{"p":["pain_points",0],"ld":"b"}]        | removed 2 pain points
          [{"p":["activities",0],"ld":"a"}]                                          | removed an activity
          [{"p":["goals",1],"ld":"a","li":"b"}]                                      | changed a goal
          [{"p":["quotes",1],"lm":0}]                                                | moved a quote
          [{"p":["evidence"],"od":{"a":1}}]                                          | removed evidence
          [{"p":["score"],"na":2}]                                                   | changed score
          [{"p":["demographics","languages",0],"li":"en"}]                           | added a language
          [{"p":["matrix",0,1],"li":1}]                                              | added an item of matrix[0]
          [{"p":[],"od":{},"oi":{"name":"x"}}]                                       | replaced the whole persona
          []                                                                         | no change
          [{"p":["title"],"oi":"x"},{"p":["goals",0],"li":"g"}]                      | set title, added a goal
          [{"p":["a"],"oi":1},{"p":["b"],"oi":2},{"p":["c"],"oi":3},{"p":["d"],"oi":4}] | set a, set b, and 2 more changes
          [{"p":["goals"],"od":[],"oi":["g"]},{"p":["_crdt"],"oi":{"registers":[]}}] | set goals
          [{"p":["_crdt"],"od":{},"oi":{"registers":[]}}]                           | merged offline changes
          """)
  void summarise_participantChange(String op, String expected) {
    assertThat(ChangeSummary.summarise("c5f0a1.8d3f", Op.parse(op))).isEqualTo(expected);
  }

  @Test
  void summarise_generationAndRestore_sayWhatTheyWere() {
    Op replace = Op.parse("[{\"p\":[],\"od\":{},\"oi\":{\"name\":\"Sarah\"}}]");
    assertThat(ChangeSummary.summarise("agent:generation:gen-1", replace)).isEqualTo("generated persona");
    assertThat(ChangeSummary.summarise(ChangeSummary.restoreSrc(14, "u"), replace)).isEqualTo("restored version 14");
    assertThat(ChangeSummary.kind("agent:generation:gen-1")).isEqualTo("generation");
    assertThat(ChangeSummary.kind("agent:restore:14:u")).isEqualTo("restore");
    assertThat(ChangeSummary.kind("agent:session-service")).isEqualTo("service");
    assertThat(ChangeSummary.kind("c5f0a1.8d3f")).isEqualTo("participant");
  }

  @Test
  void restoredVersion_onlyForRestoreSources() {
    assertThat(ChangeSummary.restoredVersion(ChangeSummary.restoreSrc(0, "x"))).isZero();
    assertThat(ChangeSummary.restoredVersion("agent:restore:abc:x")).isEqualTo(-1);
    assertThat(ChangeSummary.restoredVersion("c5f0")).isEqualTo(-1);
  }
}
