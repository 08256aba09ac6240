/** Redis key naming with a per-deployment prefix. */
@NullMarked
package org.personacollab.platform.redis;

import org.jspecify.annotations.NullMarked;
