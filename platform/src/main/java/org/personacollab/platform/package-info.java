/**
 * What the four services share beyond the wire types: the validated {@code collaboration:}
 * settings, Kafka and Redis wiring with our defaults, health contributors, problem responses and
 * the session id in every log line. Auto-configured by {@link PlatformAutoConfiguration}.
 */
@NullMarked
package org.personacollab.platform;

import org.jspecify.annotations.NullMarked;
