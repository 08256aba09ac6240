/**
 * The Redis adapters: {@link org.personacollab.session.domain.SessionStore} (sessions,
 * participants, activity) and {@link org.personacollab.session.domain.InviteStore} (issued and
 * revoked invites). Frames on each session's event channel go through platform's
 * {@link org.personacollab.platform.redis.RedisSessionEvents}.
 */
@NullMarked
package org.personacollab.session.redis;

import org.jspecify.annotations.NullMarked;
