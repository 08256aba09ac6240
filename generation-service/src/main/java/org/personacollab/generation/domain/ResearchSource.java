package org.personacollab.generation.domain;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.NamedContent;

/** Where the research data to generate from comes from (bundled samples or a folder). */
public interface ResearchSource {
  /**
   * The files of {@code dataset} (a sub-folder), or of everything when null; names are relative
   * paths. Empty if the dataset does not exist.
   */
  List<NamedContent> load(@Nullable String dataset);
}
