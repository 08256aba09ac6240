package org.personacollab.generation.provider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The providers of this instance: the settings of every known one and a guarded {@link
 * PersonaModel} for each configured one (built once, at start-up). The default is the configured
 * {@code persona.generation.default-provider}, {@code offline} unless set.
 */
public final class ProviderRegistry {
  private final Map<String, ProviderSettings> settings;
  private final Map<String, PersonaModel> models;
  private final String defaultName;

  /**
   * @param settings one entry per {@link ProviderKind}, configured or not
   * @param factory builds the model of a configured provider (already guarded)
   * @throws IllegalArgumentException when the default is unknown or not configured
   */
  public ProviderRegistry(List<ProviderSettings> settings, String defaultName, Function<ProviderSettings, PersonaModel> factory) {
    Map<ProviderKind, ProviderSettings> given = new java.util.EnumMap<>(ProviderKind.class);
    for (ProviderSettings s : settings) given.put(s.kind(), s);
    Map<String, ProviderSettings> byName = new LinkedHashMap<>();
    for (ProviderKind kind : ProviderKind.values()) byName.put(kind.id(), given.getOrDefault(kind, ProviderSettings.defaults(kind)));
    ProviderSettings chosen = byName.get(defaultName);
    if (chosen == null) {
      throw new IllegalArgumentException(
          "persona.generation.default-provider is \"" + defaultName + "\"; known providers are " + ProviderKind.ids());
    }
    if (!chosen.configured()) {
      throw new IllegalArgumentException(
          "persona.generation.default-provider is \"" + defaultName + "\", which is not configured: set "
              + chosen.kind().howToConfigure());
    }
    Map<String, PersonaModel> built = new LinkedHashMap<>();
    byName.values().stream().filter(ProviderSettings::configured).forEach(s -> built.put(s.kind().id(), factory.apply(s)));
    this.settings = Collections.unmodifiableMap(byName);
    this.models = Collections.unmodifiableMap(built);
    this.defaultName = defaultName;
  }

  /**
   * The model for a request's provider, the default when {@code name} is null.
   *
   * @throws ProviderChoiceException when the name is unknown or the provider not configured
   */
  public PersonaModel resolve(@Nullable String name) {
    String wanted = name == null || name.isBlank() ? defaultName : name;
    PersonaModel model = models.get(wanted);
    if (model != null) return model;
    if (!settings.containsKey(wanted)) {
      throw new ProviderChoiceException(
          ProviderChoiceException.Problem.UNKNOWN,
          wanted,
          "Unknown provider \"" + wanted + "\". Known providers: " + String.join(", ", settings.keySet())
              + "; configured here: " + String.join(", ", models.keySet()) + ".");
    }
    throw new ProviderChoiceException(
        ProviderChoiceException.Problem.NOT_CONFIGURED,
        wanted,
        "Provider \"" + wanted + "\" is not configured on this server (set " + settings.get(wanted).kind().howToConfigure()
            + "). Configured here: " + String.join(", ", models.keySet()) + ".");
  }

  public String defaultName() {
    return defaultName;
  }

  /** Every known provider's settings, in {@link ProviderKind} order. */
  public List<ProviderSettings> settings() {
    return new ArrayList<>(settings.values());
  }
}
