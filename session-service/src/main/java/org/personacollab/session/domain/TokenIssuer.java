package org.personacollab.session.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Issues the tokens a session hands out and checks invites (ADR 7). The implementation signs
 * JWTs with session-service's key ({@code JwtTokens}).
 */
public interface TokenIssuer {
  /** A signed token and when it expires. */
  record IssuedToken(String token, Instant expiresAt) {}

  /** A signed invite, its id ({@code jti}) and expiry. */
  record IssuedInvite(String jti, String token, Instant expiresAt) {}

  /** What {@link #checkInvite} found. */
  enum InviteVerdict {
    VALID,
    /** Not a JWT, not signed by this server's key, or not an invite. */
    INVALID,
    /** A genuine invite, but to another session. */
    WRONG_SESSION,
    /** A genuine invite to this session, past its expiry. */
    EXPIRED
  }

  /** An invite's verdict and, unless {@link InviteVerdict#INVALID}, its claims. */
  record InviteCheck(InviteVerdict verdict, @Nullable String jti, @Nullable Role role, @Nullable Instant expiresAt) {
    static InviteCheck invalid() {
      return new InviteCheck(InviteVerdict.INVALID, null, null, null);
    }
  }

  /**
   * A session token for {@code caller} in {@code sessionId} with {@code role}. It expires after
   * {@code persona.auth.session-token-ttl}, or when the caller's own token does if that is sooner.
   */
  IssuedToken sessionToken(Caller caller, String sessionId, Role role);

  /** A new invite to {@code sessionId} with {@code role}, valid until {@code expiresAt}. */
  IssuedInvite invite(String sessionId, Role role, Instant expiresAt);

  /** Checks an invite presented to join {@code sessionId}; never throws for a bad token. */
  InviteCheck checkInvite(String token, String sessionId);
}
