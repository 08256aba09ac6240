package org.personacollab.session.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.MutableClock;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running session-service (real Kafka and Redis from the testkit) shared by the API test
 * classes that extend this: same configuration, so Spring starts it once. Its clock is a
 * {@link MutableClock} that tests move; limits are small ({@value #MAX_PARTICIPANTS} participants,
 * {@value #TIMEOUT_MINUTES} minute of inactivity); the sweep only runs when a test calls it.
 *
 * <p>Tests must not depend on what other classes left behind: each creates its own sessions and
 * users, and asserts about those.
 */
@WithInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(TestClockConfig.class)
public abstract class ApiIntegrationBase {
  public static final int MAX_PARTICIPANTS = 3;
  public static final int TIMEOUT_MINUTES = 1;
  public static final String PUBLIC_URL = "https://persona.example";
  protected static final String PREFIX = Infra.get().uniquePrefix();
  private static final Path KEY_FILE = tempKeyFile();
  protected static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static EditsReader edits;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.get().springProperties(PREFIX).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("persona.kafka.partitions", () -> 2);
    // The first requests of a fresh JVM on a 2-core machine can take longer than the default 5 s.
    registry.add("spring.test.webtestclient.timeout", () -> "30s");
    registry.add("persona.auth.key-file", KEY_FILE::toString);
    registry.add("persona.public-url", () -> PUBLIC_URL);
    registry.add("persona.sessions.sweep-interval", () -> "1h");
    registry.add("collaboration.server.max_participants_per_session", () -> MAX_PARTICIPANTS);
    registry.add("collaboration.session.timeout_minutes", () -> TIMEOUT_MINUTES);
  }

  /** A key file path under a fresh temporary folder (the file itself is created by the service). */
  public static Path tempKeyFile() {
    try {
      Path dir = Files.createTempDirectory("persona-key");
      dir.toFile().deleteOnExit();
      return dir.resolve("session-signing-key.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired protected WebTestClient web;
  @Autowired protected ReactiveRedisConnectionFactory redisFactory;
  @Autowired protected RedisKeys keys;

  protected TestApi api() {
    return new TestApi(web);
  }

  /** The shared reader of {@code <prefix>.edits}. */
  protected static synchronized EditsReader edits() {
    if (edits == null) edits = new EditsReader(Infra.get().kafkaBootstrapServers(), PREFIX + ".edits");
    return edits;
  }

  /** Listens on the session's event channel from now on. */
  protected ChannelListener listen(String sessionId) {
    return new ChannelListener(redisFactory, keys.sessionEvents(sessionId));
  }

  @AfterAll
  static void closeReader() {
    if (edits != null) {
      edits.close();
      edits = null;
    }
  }
}
