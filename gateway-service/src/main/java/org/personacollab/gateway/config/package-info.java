/** Spring wiring and settings of the gateway. */
@NullMarked
package org.personacollab.gateway.config;

import org.jspecify.annotations.NullMarked;
