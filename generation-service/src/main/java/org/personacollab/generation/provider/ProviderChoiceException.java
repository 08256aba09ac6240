package org.personacollab.generation.provider;

import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;

/**
 * A request named a provider that cannot be used: 400 {@code validation_failed}, with the message
 * naming the providers that can.
 */
public final class ProviderChoiceException extends ApiException {
  /** Why the provider cannot be used. */
  public enum Problem {
    /** No provider has that name. */
    UNKNOWN,
    /** The provider exists but has no key or base URL here. */
    NOT_CONFIGURED
  }

  private final Problem problem;
  private final String provider;

  public ProviderChoiceException(Problem problem, String provider, String message) {
    super(ErrorCode.VALIDATION_FAILED, message);
    this.problem = problem;
    this.provider = provider;
  }

  public Problem problem() {
    return problem;
  }

  public String provider() {
    return provider;
  }
}
