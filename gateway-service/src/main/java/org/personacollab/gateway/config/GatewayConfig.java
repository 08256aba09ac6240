package org.personacollab.gateway.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.personacollab.platform.observability.KafkaTracing;
import org.personacollab.platform.observability.PersonaMetrics;
import java.util.Map;
import org.personacollab.gateway.domain.ClientIds;
import org.personacollab.gateway.domain.OpStream;
import org.personacollab.gateway.web.SocketDrainer;
import org.personacollab.gateway.web.ParticipantDirectory;
import org.personacollab.gateway.redis.PresenceStore;
import org.personacollab.gateway.redis.ActivityMarks;
import org.personacollab.gateway.security.IdentityHandshakeService;
import java.time.Duration;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.gateway.kafka.EditPublisher;
import org.personacollab.gateway.kafka.OpsListener;
import org.personacollab.gateway.redis.DocumentReader;
import org.personacollab.gateway.redis.RedisOpStream;
import org.personacollab.gateway.redis.SessionEventsListener;
import org.personacollab.gateway.web.GenerationClient;
import org.personacollab.gateway.web.SessionSocketHandler;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.protocol.WireCodec;
import io.lettuce.core.resource.ClientResources;
import org.personacollab.gateway.redis.SharedEventLoops;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.personacollab.gateway.domain.GenerationFeeds;
import org.personacollab.platform.redis.RedisGenerationReader;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

@Configuration(proxyBeanMethods = false)
class GatewayConfig {
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Also the gauges {@code persona.gateway.sockets} and {@code persona.gateway.sessions}. */
  @Bean
  SessionHub sessionHub(GatewayProperties gateway, MeterRegistry meters) {
    SessionHub hub = new SessionHub(gateway.framesPerSecondPerUser(), gateway.presenceUpdatesPerSecond());
    Gauge.builder(PersonaMetrics.GATEWAY_SOCKETS, hub, SessionHub::socketCount).description("open client sockets").register(meters);
    Gauge.builder(PersonaMetrics.GATEWAY_SESSIONS, hub, SessionHub::sessionCount).description("sessions with a socket here").register(meters);
    return hub;
  }

  @Bean
  ParticipantDirectory participantDirectory(WebClient.Builder builder, PersonaProperties properties) {
    return new ParticipantDirectory(builder, properties.services());
  }

  @Bean
  PresenceStore presenceStore(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec, GatewayProperties gateway) {
    return new PresenceStore(redis, keys, codec, gateway.presenceTtl());
  }

  @Bean
  ActivityMarks activityMarks(ReactiveStringRedisTemplate redis, RedisKeys keys, Clock clock) {
    return new ActivityMarks(redis, keys, clock, Duration.ofSeconds(10));
  }

  @Bean
  DocumentReader documentReader(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    return new DocumentReader(redis, keys, codec);
  }

  @Bean
  OpStream opStream(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec) {
    return new RedisOpStream(redis, keys, codec);
  }

  /** Generation frames per session, in index order; lost chunks are read back from the generation's state in Redis. */
  @Bean
  GenerationFeeds generationFeeds(ReactiveStringRedisTemplate redis, RedisKeys keys, WireCodec codec, GatewayProperties gateway) {
    return new GenerationFeeds(codec, new RedisGenerationReader(redis, keys)::read, gateway.gapFillTimeout());
  }

  @Bean(destroyMethod = "close")
  EditPublisher editPublisher(KafkaSettings kafka, WireCodec codec, KafkaTracing tracing, MeterRegistry meters) {
    return new EditPublisher(kafka, codec, tracing, meters);
  }

  /** Also the "opsStream" health indicator of the readiness group. */
  @Bean
  OpsListener opsStreamHealthIndicator(
      KafkaSettings kafka, WireCodec codec, SessionHub hub, MeterRegistry meters, KafkaTracing tracing, Clock clock) {
    return new OpsListener(kafka, codec, hub, meters, tracing, clock);
  }

  /**
   * Lettuce runs on the HTTP server's event loops ({@link SharedEventLoops}), so a message from
   * Redis is written to the sockets on its loop without a hand-off to another thread.
   */
  @Bean(destroyMethod = "shutdown")
  ClientResources lettuceClientResources(ReactorResourceFactory reactor) {
    return ClientResources.builder()
        .eventLoopGroupProvider(new SharedEventLoops(reactor.getLoopResources(), LoopResources.DEFAULT_IO_WORKER_COUNT))
        .build();
  }

  @Bean(destroyMethod = "destroy")
  ReactiveRedisMessageListenerContainer redisListenerContainer(ReactiveRedisConnectionFactory factory) {
    return new ReactiveRedisMessageListenerContainer(factory);
  }

  @Bean
  SessionEventsListener sessionEventsListener(
      ReactiveRedisMessageListenerContainer container, RedisKeys keys, SessionHub hub, WireCodec codec, GenerationFeeds feeds) {
    return new SessionEventsListener(container, keys, hub, codec, feeds);
  }

  @Bean
  GenerationClient generationClient(WebClient.Builder builder, PersonaProperties properties) {
    return new GenerationClient(builder, properties.services());
  }

  @Bean
  SessionSocketHandler sessionSocketHandler(
      CollaborationProperties collaboration,
      GatewayProperties gateway,
      SessionHub hub,
      DocumentReader documents,
      OpStream opStream,
      EditPublisher edits,
      GenerationClient generations,
      WireCodec codec,
      Clock clock,
      ClientIds clientIds,
      ParticipantDirectory participants,
      PresenceStore presence,
      ActivityMarks activity,
      GenerationFeeds feeds) {
    return new SessionSocketHandler(
        collaboration, gateway, hub, documents, opStream, edits, generations, codec, clock, clientIds, participants, presence, activity,
        feeds);
  }

  @Bean
  ClientIds clientIds(GatewayProperties gateway) {
    String secret = gateway.clientIdSecret();
    if (secret == null || secret.isBlank()) {
      org.slf4j.LoggerFactory.getLogger(GatewayConfig.class).info(
          "persona.gateway.client-id-secret is not set: client ids are signed with a random key, so a client can resume only on this gateway instance");
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      return new ClientIds(random);
    }
    if (secret.length() < 16) {
      throw new IllegalStateException("persona.gateway.client-id-secret must be at least 16 characters long");
    }
    return new ClientIds(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Closes every socket with 1012 before the server stops, so clients reconnect elsewhere and resume. */
  @Bean
  SocketDrainer socketDrainer(SessionHub hub) {
    return new SocketDrainer(hub);
  }

  /** Maps the socket endpoint ahead of the gateway's own route mapping. */
  @Bean
  HandlerMapping sessionSocketMapping(SessionSocketHandler handler) {
    return new SimpleUrlHandlerMapping(Map.of("/ws/sessions/*", handler), Ordered.HIGHEST_PRECEDENCE);
  }

  /**
   * Our own handler adapter, ahead of WebFlux's default one, so that our sockets get a Netty
   * upgrade with the frame size limit: Netty closes with 1009 on a larger frame. (Spring Cloud
   * Gateway's {@code webSocketService} bean is for proxied sockets and is left alone.)
   */
  @Bean
  WebSocketHandlerAdapter personaWebSocketHandlerAdapter(GatewayProperties gateway) {
    // A fresh builder per upgrade: Spring sets the negotiated subprotocol on the builder it gets,
    // so a shared one would carry one socket's subprotocol over to the next.
    int maxFrame = gateway.maxFrameBytes();
    var strategy = new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame));
    // The identity SocketAuthFilter checked before the upgrade travels on to the socket.
    var service = new IdentityHandshakeService(strategy);
    WebSocketHandlerAdapter adapter = new WebSocketHandlerAdapter(service);
    adapter.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return adapter;
  }
}
