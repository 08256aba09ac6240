/** Redis adapters: the document read model (welcome, gap fill) and the session event channels. */
@NullMarked
package org.personacollab.gateway.redis;

import org.jspecify.annotations.NullMarked;
