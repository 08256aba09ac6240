package org.personacollab.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.gateway.GatewayApplication;
import org.personacollab.gateway.StubSessionService;
import org.personacollab.gateway.domain.Connection;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.security.Identity;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.platform.redis.RedisSessionEvents;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.Welcome;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.WithInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A real gateway on a real Redis runs Lettuce on its HTTP server's event loops
 * ({@link SharedEventLoops}): Redis answers and session-channel messages are handled on one of
 * those loops (so a socket there is written without a hand-off), Lettuce starts no loop threads of
 * its own, and the gateway still closes promptly (the loops are Reactor Netty's to dispose).
 */
@WithInfra
class SharedEventLoopsIntegrationTest {
  private static final WireCodec CODEC = new WireCodec();
  private static StubSessionService backend;
  private static ConfigurableApplicationContext gateway;

  @BeforeAll
  static void start() throws Exception {
    backend = StubSessionService.start(new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate()));
    List<String> args = new ArrayList<>();
    Infra.get().springProperties(Infra.get().uniquePrefix()).forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.add("--persona.services.session-url=" + backend.url());
    gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (backend != null) backend.close();
  }

  private static EventLoopGroup serverLoops() {
    return gateway.getBean(ReactorResourceFactory.class).getLoopResources().onServer(true);
  }

  private static boolean isServerLoop(Thread thread) {
    return StreamSupport.stream(serverLoops().spliterator(), false).anyMatch(e -> ((EventExecutor) e).inEventLoop(thread));
  }

  @Test
  void lettuce_usesTheServersLoops_andStartsNoneOfItsOwn() {
    ClientResources resources = gateway.getBean(ClientResources.class);
    assertThat(resources.eventLoopGroupProvider()).isInstanceOf(SharedEventLoops.class);
    assertThat(gateway.getBean(LettuceConnectionFactory.class).getClientResources()).isSameAs(resources);

    Thread answeredOn = gateway.getBean(ReactiveStringRedisTemplate.class)
        .opsForValue().get("no-such-key-" + UUID.randomUUID())
        .map(v -> Thread.currentThread())
        .switchIfEmpty(Mono.fromSupplier(Thread::currentThread)) // an empty answer completes on the loop too
        .block(Duration.ofSeconds(10));
    assertThat(answeredOn).isNotNull();
    assertThat(isServerLoop(answeredOn)).as("Redis answered on %s, one of the server's loops", answeredOn.getName()).isTrue();

    List<String> lettuceLoops = Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("lettuce-") && n.contains("EventLoop"))
        .toList();
    assertThat(lettuceLoops).as("Lettuce's own event loop threads").isEmpty();
  }

  @Test
  void aSessionChannelMessage_reachesTheSocketOnAServerLoop() throws Exception {
    String session = "sess-" + UUID.randomUUID().toString().substring(0, 8);
    Connection socket = new Connection("c1", session, "alice", "Alice", Identity.Role.EDITOR, 64, CODEC,
        (s, from, to) -> Mono.just(List.of()), (code, reason) -> {}, Duration.ofSeconds(1));
    CompletableFuture<Thread> deliveredOn = new CompletableFuture<>();
    socket.outbound().subscribe(json -> {
      if (json.contains("\"type\":\"user_joined\"")) deliveredOn.complete(Thread.currentThread());
    });
    gateway.getBean(SessionHub.class).register(socket);
    socket.welcome(new Welcome(1, session, "c1", 0, JsonNodeFactory.instance.objectNode(), List.of("alice"), false), 0);

    RedisSessionEvents events =
        new RedisSessionEvents(gateway.getBean(ReactiveStringRedisTemplate.class), gateway.getBean(RedisKeys.class), CODEC);
    // The pattern subscription starts with the context; publish until it is live.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!deliveredOn.isDone() && System.nanoTime() < deadline) {
      events.publish(session, new UserJoined("bob", "Bob", "editor", "#d9480f", System.currentTimeMillis())).block();
      Thread.sleep(100);
    }
    Thread thread = deliveredOn.get(1, TimeUnit.SECONDS);
    assertThat(isServerLoop(thread)).as("delivered on %s, one of the server's loops", thread.getName()).isTrue();
  }
}
