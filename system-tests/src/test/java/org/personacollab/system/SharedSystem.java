package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running system for the test classes whose settings agree ({@link AuthorizationMatrixIntegrationTest},
 * {@link PresenceIntegrationTest}), so that the four services start once for all of them rather
 * than once per class (some 40 s each on the 2-core build machine). A class asks for it with
 * {@code @ExtendWith(SharedSystem.class)} and a {@code RunningSystem} parameter of its
 * {@code @BeforeAll} method; the first one starts it. It is stopped, then checked with
 * {@link InvariantCheck}, as soon as all of {@link #USERS} have run (they carry {@code @Order}, and
 * {@code junit-platform.properties} orders classes by it, so they run one after the other and the
 * services do not idle through the other classes), or else when the test run ends (it lives in
 * JUnit's root store, which closes it).
 *
 * <p>The classes that share it create their own sessions and users and assert only about those.
 */
final class SharedSystem implements ParameterResolver, AfterAllCallback {
  /** The classes that use it. */
  static final Set<Class<?>> USERS =
      Set.of(AuthorizationMatrixIntegrationTest.class, PresenceIntegrationTest.class, WebPageIntegrationTest.class,
          FuzzIntegrationTest.class);

  static final java.time.Duration PRESENCE_TTL = java.time.Duration.ofSeconds(2);
  static final int PRESENCE_PER_SECOND = 5;
  /**
   * The settings every sharing class can live with: presence expires after 2 s and is throttled to
   * 5 updates a second (the presence tests), and the frame limits are high enough that a burst of
   * presence meets the presence throttle and not them.
   */
  static final Map<String, String> SETTINGS =
      Map.of(
          "persona.gateway.presence-ttl", SharedSystem.PRESENCE_TTL.toMillis() + "ms",
          "persona.gateway.presence-updates-per-second", Integer.toString(SharedSystem.PRESENCE_PER_SECOND),
          "persona.gateway.frames-per-second", "500",
          "persona.gateway.frames-per-second-per-user", "1000",
          // Many REST calls per user in a short time; the REST limit has its own test.
          "persona.gateway.rest-requests-per-second", "10000",
          "persona.gateway.rest-burst", "100000");

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);

  /** The stored value: closing it stops the services and checks every session they sequenced. */
  private record Running(RunningSystem system) implements AutoCloseable {
    @Override
    public void close() {
      system.close();
      assertThat(InvariantCheck.afterAll(system)).as("sessions checked").isPositive();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningSystem.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, key -> start(), Running.class).system();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    @SuppressWarnings("unchecked")
    Set<Class<?>> done = store.computeIfAbsent("done", key -> ConcurrentHashMap.newKeySet(), Set.class);
    done.add(context.getRequiredTestClass());
    if (done.containsAll(USERS)) {
      Running running = store.remove(Running.class, Running.class);
      if (running != null) running.close();
    }
  }

  private static Running start() {
    try {
      return new Running(RunningSystem.start(SETTINGS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
