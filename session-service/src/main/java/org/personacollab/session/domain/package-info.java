/**
 * Sessions, participants, roles and invites as values; the rules about them
 * ({@link org.personacollab.session.domain.SessionService}, the
 * {@link org.personacollab.session.domain.IdleSessionSweeper}); and the ports they use:
 * {@link org.personacollab.session.domain.SessionStore} and
 * {@link org.personacollab.session.domain.InviteStore} (in memory and Redis),
 * {@link org.personacollab.session.domain.TokenIssuer} (JWTs),
 * {@link org.personacollab.session.domain.AuditLog} (Kafka) and
 * {@link org.personacollab.platform.redis.SessionEvents} (Redis pub/sub).
 */
@NullMarked
package org.personacollab.session.domain;

import org.jspecify.annotations.NullMarked;
