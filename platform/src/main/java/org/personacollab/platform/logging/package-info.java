/** Carries the session id through reactive pipelines into the logging MDC. */
@NullMarked
package org.personacollab.platform.logging;

import org.jspecify.annotations.NullMarked;
