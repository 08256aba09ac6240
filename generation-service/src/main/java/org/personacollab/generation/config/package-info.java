/** Spring wiring and settings of generation-service. */
@NullMarked
package org.personacollab.generation.config;

import org.jspecify.annotations.NullMarked;
