package org.personacollab.generation.research;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's {@code examples/} folder from wherever the tests run (the module folder
 * under Maven, the repository root in an IDE), so that tests read the committed sample data.
 */
public final class ExampleData {

  private ExampleData() {}

  /** The {@code examples/} folder: the nearest one, walking up from the working directory. */
  public static Path folder() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      Path examples = candidate.resolve("examples");
      if (Files.isRegularFile(examples.resolve("interviews.csv"))) {
        return examples;
      }
    }
    throw new IllegalStateException("no examples/interviews.csv above " + dir);
  }

  /** The examples loaded with the default limits. */
  public static ResearchBundle load() {
    return new ResearchLoader(ResearchLimits.defaults()).load(folder());
  }
}
