package org.personacollab.session.domain;

/** What a bearer token is good for (ADR 7). */
public enum TokenKind {
  /**
   * Says who the caller is ({@code typ: user}, or any token of the external OpenID Connect
   * issuer): enough to create, list and join sessions.
   */
  USER,
  /** Says who the caller is in one session and with which role ({@code typ: session}, {@code sid}, {@code role}). */
  SESSION
}
