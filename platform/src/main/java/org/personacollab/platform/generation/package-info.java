/**
 * The state of a session's current generation as generation-service keeps it in Redis and
 * gateways read it: its status and the chunks streamed so far, in index order. Both sides share
 * these types and {@link org.personacollab.platform.redis.RedisGenerationReader}, so the layout is
 * written down once.
 */
@NullMarked
package org.personacollab.platform.generation;

import org.jspecify.annotations.NullMarked;
