/** Spring wiring and settings of sync-service. */
@NullMarked
package org.personacollab.sync.config;

import org.jspecify.annotations.NullMarked;
