/** Redis adapters (and their in-memory twins): the one-generation-per-session lock, the generation store and the control channel. */
@NullMarked
package org.personacollab.generation.redis;

import org.jspecify.annotations.NullMarked;
