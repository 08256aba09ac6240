package org.personacollab.generation.provider;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a generation produced no persona, with the model's raw text when there was any, so that it
 * can be inspected (it goes into the {@code generation.failed} audit event and the log).
 */
public final class GenerationFailure extends RuntimeException {
  /** The reasons, each with a stable name for logs and audit events. */
  public enum Reason {
    /** The provider answered with an error, or the connection failed or dropped mid-stream. */
    PROVIDER_ERROR("provider_error"),
    /** No first token within the time limit, or the stream took longer than allowed overall. */
    TIMEOUT("timeout"),
    /** The provider's circuit breaker is open after repeated failures. */
    CIRCUIT_OPEN("circuit_open"),
    /** As many generations as the provider's bulkhead allows are already streaming. */
    BUSY("busy"),
    /** The answer holds no JSON that could be read. */
    UNPARSEABLE("unparseable"),
    /** The JSON does not match the persona schema. */
    INVALID("invalid"),
    /** The prompt would exceed the configured size. */
    PROMPT_TOO_LARGE("prompt_too_large");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final @Nullable String rawText;

  public GenerationFailure(Reason reason, String message, @Nullable String rawText, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.rawText = rawText;
  }

  public GenerationFailure(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The text the model sent before the failure, or null when nothing arrived. */
  public @Nullable String rawText() {
    return rawText;
  }

  /** A copy that carries the text received so far (a stream failure learns it later). */
  public GenerationFailure withRawText(String text) {
    GenerationFailure copy = new GenerationFailure(reason, getMessage(), text, getCause());
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}
