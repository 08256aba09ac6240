/** Spring wiring of session-service. */
@NullMarked
package org.personacollab.session.config;

import org.jspecify.annotations.NullMarked;
