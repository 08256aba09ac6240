package org.personacollab.gateway.config;

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
 *     before it is closed with 4409 (resync)
 * @param clientIdSecret the key that signs client ids (at least 16 characters); gateways that
 *     should accept each other's clients on resume must share it. Unset: a random key per process
 *     (a client resuming on another gateway then starts afresh)
 * @param heartbeatInterval how often the server pings each socket
 * @param idleTimeout a socket that sends nothing (not even a pong) this long is closed with 4000
 * @param framesPerSecond frames one socket may send per second; more are refused
 *     {@code rate_limited} with {@code retryAfter}
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
    @Min(1) @Max(100_000) @DefaultValue("50") int framesPerSecond) {}
