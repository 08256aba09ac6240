package org.personacollab.session.config;

import org.personacollab.session.auth.SigningKeyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an unusable signing key into a start-up message that names the file and the settings,
 * instead of a bean-creation stack trace:
 *
 * <pre>
 * There is no signing key at /data/session-signing-key.json (persona.auth.key-file), and
 * persona.auth.generate-key is false. …
 * </pre>
 */
public final class SigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<SigningKeyException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SigningKeyException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Provide the key file (a JWK with kty EC, crv P-256 and d) at persona.auth.key-file, "
            + "or set persona.auth.generate-key=true to let session-service create it.",
        cause);
  }
}
