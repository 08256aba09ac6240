package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransformPositionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      insert before the caret             | ["name"]              | [{"p":["name",0],"si":"Dr "}]       | ["name"] 6
      insert at the caret stays before it | ["name"]              | [{"p":["name",3],"si":"X"}]         | ["name"] 3
      delete around the caret             | ["name"]              | [{"p":["name",1],"sd":"da"}]        | ["name"] 1
      edit of another string              | ["name"]              | [{"p":["title",0],"si":"X"}]        | ["name"] 3
      list insert before                  | ["goals",2,"text"]    | [{"p":["goals",0],"li":"x"}]        | ["goals",3,"text"] 3
      list delete before                  | ["goals",1,"text"]    | [{"p":["goals",0],"ld":"x"}]        | ["goals",0,"text"] 3
      list replace before                 | ["goals",1,"text"]    | [{"p":["goals",0],"ld":"x","li":"y"}] | ["goals",1,"text"] 3
      the caret's element moves           | ["goals",1,"text"]    | [{"p":["goals",1],"lm":3}]          | ["goals",3,"text"] 3
      string deleted                      | ["name"]              | [{"p":["name"],"od":"Ada"}]         | gone
      parent replaced                     | ["goals",1,"text"]    | [{"p":["goals",1],"ld":{},"li":{}}] | gone
      document replaced                   | ["name"]              | [{"p":[],"od":{},"oi":{}}]          | gone
      """)
  void transformPosition_table(String name, String path, String op, String expected) {
    Optional<Position> p = Json0.transformPosition(Op.parse("[{\"p\":" + path + ",\"na\":0}]").components().get(0).path(), 3, Op.parse(op));
    assertEquals(expected, p.map(x -> x.path() + " " + x.offset()).orElse("gone"));
  }
}
