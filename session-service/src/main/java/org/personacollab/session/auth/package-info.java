/**
 * Identity (ADR 7): session-service's signing key, the tokens it issues (user, session and invite
 * JWTs, ES256), and how a validated bearer token becomes a {@link
 * org.personacollab.session.domain.Caller}.
 */
@NullMarked
package org.personacollab.session.auth;

import org.jspecify.annotations.NullMarked;
