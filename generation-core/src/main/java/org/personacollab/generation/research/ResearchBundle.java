package org.personacollab.generation.research;

import java.util.List;
import java.util.Objects;

/**
 * What one request yielded: the documents that were read, in source order, and one problem for each
 * file that could not be used, also in source order. A bundle always has at least one document;
 * when no file is usable the loader throws {@code research_empty} instead.
 */
public record ResearchBundle(List<ResearchDocument> documents, List<ResearchProblem> problems) {

  public ResearchBundle {
    documents = List.copyOf(Objects.requireNonNull(documents, "documents"));
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
  }
}
