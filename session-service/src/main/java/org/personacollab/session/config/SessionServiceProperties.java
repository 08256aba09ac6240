package org.personacollab.session.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * session-service's own settings besides {@code persona.auth}:
 *
 * <pre>
 * persona:
 *   public-url: http://localhost:8080   # where people open the web client; invite links start with it
 *   sessions:
 *     sweep-interval: 30s               # how often idle sessions are looked for and closed
 *     idle-timeout:                     # unset: collaboration.session.timeout_minutes; set (e.g. 20s): overrides it
 * </pre>
 *
 * (The platform's {@code PersonaProperties} binds the other keys under {@code persona}.)
 */
@Validated
@ConfigurationProperties("persona")
public record SessionServiceProperties(
    @NotNull @DefaultValue("http://localhost:8080") URI publicUrl, @Valid @NotNull @DefaultValue Sessions sessions) {

  /**
   * Session housekeeping.
   *
   * @param sweepInterval how often idle sessions are looked for
   * @param idleTimeout inactivity before a session is closed, when a finer unit than the seed's
   *     whole minutes ({@code collaboration.session.timeout_minutes}) is needed, e.g. in tests;
   *     unset, the seed's key decides
   */
  public record Sessions(
      @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration sweepInterval,
      @Nullable @DurationMin(seconds = 1) Duration idleTimeout) {}

  /** The invite link for a token: {@code <public-url>/?invite=<token>}. */
  public String inviteLink(String token) {
    String base = publicUrl.toString();
    if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return base + "/?invite=" + token;
  }
}
