package org.personacollab.platform.logging;

import io.micrometer.context.ContextRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.util.context.Context;

/**
 * Puts the session id into every log line written while handling that session, reactive code
 * included: the id travels in the Reactor {@link Context} under {@link #KEY} and is restored into
 * the SLF4J MDC (key {@code session}) on whatever thread runs the next operator, through
 * Micrometer context propagation. Log patterns print it as {@code %X{session}}.
 */
public final class SessionLogContext {
  /** The Reactor context key and the MDC key. */
  public static final String KEY = "session";

  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private SessionLogContext() {}

  /** Installs the propagation once per JVM. Idempotent. */
  public static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      ContextRegistry.getInstance()
          .registerThreadLocalAccessor(KEY, () -> MDC.get(KEY), v -> MDC.put(KEY, v), () -> MDC.remove(KEY));
      Hooks.enableAutomaticContextPropagation();
    }
  }

  /** A context carrying the session id, for {@code .contextWrite(...)}. */
  public static Context of(String sessionId) {
    return Context.of(KEY, sessionId);
  }
}
