/**
 * generation-service: turns research data into personas and streams the text live to the
 * session (Redis pub/sub), then submits the result as an ordinary edit so it enters the session's
 * ordered history.
 */
@NullMarked
package org.personacollab.generation;

import org.jspecify.annotations.NullMarked;
