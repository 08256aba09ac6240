/** Per-caller limits on REST calls at the edge (Spring Cloud Gateway's Redis rate limiter). */
@NullMarked
package org.personacollab.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
