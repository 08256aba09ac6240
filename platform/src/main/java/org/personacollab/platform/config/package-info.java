/** Configuration bound from {@code collaboration:} and {@code persona:}, validated at start-up. */
@NullMarked
package org.personacollab.platform.config;

import org.jspecify.annotations.NullMarked;
