package org.personacollab.gateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Gateway settings ({@code persona.gateway.*}).
 *
 * @param maxFrameBytes the largest WebSocket frame a client may send; a larger one closes the
 *     socket with 1009
 * @param outboundBuffer frames queued for one socket before the client counts as too slow and is
 *     closed with 4408 (it should resume); other sockets are never slowed by it
 * @param gapFillTimeout how long a socket waits for missing ops to appear in the read model
 *     before it is closed with 4409 (resync); also the time limit of each read of a generation's
 *     state (lost chunks, late joiners)
 * @param clientIdSecret the key that signs client ids (at least 16 characters); gateways that
 *     should accept each other's clients on resume must share it. Unset: a random key per process
 *     (a client resuming on another gateway then starts afresh)
 * @param heartbeatInterval how often the server pings each socket
 * @param idleTimeout a socket that sends nothing (not even a pong) this long is closed with 4000
 * @param framesPerSecond frames one socket may send per second; more are refused
 *     {@code rate_limited} with {@code retryAfter}
 * @param framesPerSecondPerUser frames one user may send per second over all their sockets
 * @param allowedOrigins web origins (besides the gateway's own) whose pages may open sockets;
 *     {@code *} matches any run of characters, e.g. {@code http://localhost:*}
 * @param presenceUpdatesPerSecond presence updates one participant may send per second over all their connections; more are
 *     dropped except the latest, which is sent when the window ends
 * @param presenceTtl how long a presence entry lives after its last update
 * @param restRequestsPerSecond REST calls one user (or, before sign-in, one client address) may
 *     make per second, sustained, over all gateways (a token bucket in Redis); more are refused
 *     {@code 429 rate_limited} with {@code Retry-After}
 * @param restBurst how many REST calls may come at once before the sustained rate applies (at
 *     least {@code restRequestsPerSecond})
 */
@Validated
@ConfigurationProperties("persona.gateway")
public record GatewayProperties(
    @Min(256) @Max(16 * 1024 * 1024) @DefaultValue("65536") int maxFrameBytes,
    @Min(16) @Max(1_000_000) @DefaultValue("1024") int outboundBuffer,
    @NotNull @DefaultValue("5s") Duration gapFillTimeout,
    @Nullable String clientIdSecret,
    @NotNull @DefaultValue("20s") Duration heartbeatInterval,
    @NotNull @DefaultValue("60s") Duration idleTimeout,
    @Min(1) @Max(100_000) @DefaultValue("50") int framesPerSecond,
    @Min(1) @Max(100_000) @DefaultValue("100") int framesPerSecondPerUser,
    @NotNull @DefaultValue({"http://localhost:*", "http://127.0.0.1:*"}) java.util.List<String> allowedOrigins,
    @Min(1) @Max(1000) @DefaultValue("10") int presenceUpdatesPerSecond,
    @NotNull @DefaultValue("30s") Duration presenceTtl,
    @Min(1) @Max(100_000) @DefaultValue("20") int restRequestsPerSecond,
    @Min(1) @Max(1_000_000) @DefaultValue("100") int restBurst) {

  /** The bucket must hold at least one second's worth of calls. */
  @AssertTrue(message = "rest-burst must be at least rest-requests-per-second")
  public boolean isRestBurstAtLeastTheRate() {
    return restBurst >= restRequestsPerSecond;
  }
}
