/** Redis adapters: the session event channel and the one-generation-per-session lock. */
@NullMarked
package org.personacollab.generation.redis;

import org.jspecify.annotations.NullMarked;
