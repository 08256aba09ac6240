package org.personacollab.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** compose and normalize merge like json0's append; invert reverses and flips each component. */
class ComposeInvertNormalizeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      adds add up                    | [{"p":["n"],"na":1}]          | [{"p":["n"],"na":2}]          | [{"p":["n"],"na":3}]
      typing merges                  | [{"p":["s",0],"si":"ab"}]     | [{"p":["s",2],"si":"c"}]      | [{"p":["s",0],"si":"abc"}]
      backspacing merges             | [{"p":["s",2],"sd":"c"}]      | [{"p":["s",1],"sd":"b"}]      | [{"p":["s",1],"sd":"bc"}]
      insert then delete of a scalar | [{"p":["l",0],"li":"x"}]      | [{"p":["l",0],"ld":"x"}]      | []
      objects never cancel           | [{"p":["l",0],"li":{}}]       | [{"p":["l",0],"ld":{}}]       | [{"p":["l",0],"li":{}},{"p":["l",0],"ld":{}}]
      delete then insert is replace  | [{"p":["k"],"od":1}]          | [{"p":["k"],"oi":2}]          | [{"p":["k"],"od":1,"oi":2}]
      insert then delete is nothing  | [{"p":["k"],"oi":1}]          | [{"p":["k"],"od":1}]          | []
      replace then delete            | [{"p":["k"],"od":0,"oi":1}]   | [{"p":["k"],"od":1}]          | [{"p":["k"],"od":0}]
      no-op move after same path     | [{"p":["l",1],"li":"x"}]      | [{"p":["l",1],"lm":1}]        | [{"p":["l",1],"li":"x"}]
      different paths stay apart     | [{"p":["a"],"na":1}]          | [{"p":["b"],"na":1}]          | [{"p":["a"],"na":1},{"p":["b"],"na":1}]
      """)
  void compose_mergesLikeJson0(String name, String a, String b, String expected) {
    assertEquals(expected, Json0.compose(Op.parse(a), Op.parse(b)).toString());
    assertEquals(expected, Json0.normalize(Op.parse(a.substring(0, a.length() - 1) + "," + b.substring(1))).toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      each kind flips and order reverses | [{"p":["k"],"oi":1},{"p":["l",0],"ld":"x","li":"y"},{"p":["s",1],"si":"a"},{"p":["n"],"na":2}] | [{"p":["n"],"na":-2},{"p":["s",1],"sd":"a"},{"p":["l",0],"ld":"y","li":"x"},{"p":["k"],"od":1}]
      a move moves back                  | [{"p":["l",0],"lm":2}]                          | [{"p":["l",2],"lm":0}]
      a replace swaps                    | [{"p":["k"],"od":1,"oi":2}]                     | [{"p":["k"],"od":2,"oi":1}]
      """)
  void invert_flipsEachComponent(String name, String op, String expected) {
    assertEquals(expected, Json0.invert(Op.parse(op)).toString());
  }
}
