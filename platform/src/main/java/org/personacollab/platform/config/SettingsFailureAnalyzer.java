package org.personacollab.platform.config;

import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;

/**
 * Names an invalid setting the way the seed's configuration block spells it
 * ({@code collaboration.server.max_sessions}), not by its Java field ({@code maxSessions}), so an
 * operator can find the line to fix:
 *
 * <pre>
 * Invalid setting: collaboration.server.max_sessions = 0 (must be greater than or equal to 1)
 * </pre>
 */
public final class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
    var errors = cause.getValidationErrors();
    String description =
        errors.getAllErrors().stream()
            .map(
                error -> {
                  if (error instanceof FieldError field) {
                    String key = errors.getName() + "." + snakeCase(field.getField());
                    return "Invalid setting: " + key + " = " + field.getRejectedValue() + " (" + field.getDefaultMessage() + ")";
                  }
                  return "Invalid settings under " + errors.getName() + ": " + error.getDefaultMessage();
                })
            .collect(Collectors.joining("\n"));
    return new FailureAnalysis(
        description,
        "Correct the setting in your configuration (application.yaml, persona.yaml or the command line) and start again.",
        cause);
  }

  /** {@code server.maxParticipantsPerSession} → {@code server.max_participants_per_session}. */
  static String snakeCase(String path) {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (Character.isUpperCase(c)) out.append('_').append(Character.toLowerCase(c));
      else out.append(c);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
