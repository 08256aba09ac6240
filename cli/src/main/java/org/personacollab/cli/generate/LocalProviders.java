package org.personacollab.cli.generate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.research.ResearchBundle;

/** The local providers by name: {@code offline} first, then any found by {@link ServiceLoader}. */
final class LocalProviders {
  private final Map<String, LocalProvider> byName = new LinkedHashMap<>();

  private LocalProviders(List<LocalProvider> providers) {
    for (LocalProvider provider : providers) {
      byName.putIfAbsent(provider.name(), provider);
    }
  }

  /** {@code offline} with {@code clock}, and the providers on the class path. */
  static LocalProviders discover(Clock clock) {
    List<LocalProvider> providers = new java.util.ArrayList<>();
    providers.add(new Offline(clock));
    ServiceLoader.load(LocalProvider.class).forEach(providers::add);
    return new LocalProviders(providers);
  }

  /**
   * The provider named {@code name} ({@code offline} when null).
   *
   * @throws CliException naming the providers local mode has, and that a server can use others
   */
  LocalProvider get(@Nullable String name) {
    String wanted = name == null ? OfflineGenerator.PROVIDER : name;
    LocalProvider provider = byName.get(wanted);
    if (provider == null) {
      throw new CliException("local mode (without --session) supports only "
          + String.join(", ", byName.keySet()) + " in this version, not '" + wanted + "'; leave out --provider,"
          + " or generate on a server with --session ID --provider " + wanted);
    }
    return provider;
  }

  /** The built-in offline generator: deterministic, grounded in the research, no network. */
  private record Offline(Clock clock) implements LocalProvider {
    @Override
    public String name() {
      return OfflineGenerator.PROVIDER;
    }

    @Override
    public List<Map<String, Object>> generate(ResearchBundle research, int count, @Nullable String model) {
      if (model != null && !model.equals(OfflineGenerator.MODEL)) {
        throw new CliException("the offline provider has one model, " + OfflineGenerator.MODEL + ", not '" + model
            + "'; leave out --model");
      }
      return new OfflineGenerator(clock).generate(research.documents(), count);
    }
  }
}
