package org.personacollab.cli.generate;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.ResearchBundle;

/**
 * A persona generator that runs inside the CLI, for {@code persona generate} without {@code
 * --session}. {@code offline} is built in; others are found with {@link java.util.ServiceLoader}
 * (a jar on the CLI's class path with {@code
 * META-INF/services/org.personacollab.cli.generate.LocalProvider}), which is the seam for the LLM
 * providers: until one is on the class path, local mode supports only {@code offline}.
 */
public interface LocalProvider {
  /** The name {@code --provider} selects it by, e.g. {@code offline}. */
  String name();

  /**
   * {@code count} personas (1–5; fewer only when the research has fewer participants) as JSON-ready
   * maps, each with {@code metadata.provider} naming this provider.
   *
   * @param model the model asked for with {@code --model}, or null for the provider's default
   * @throws RuntimeException with a message for the user when the personas cannot be generated
   */
  List<Map<String, Object>> generate(ResearchBundle research, int count, @Nullable String model);
}
