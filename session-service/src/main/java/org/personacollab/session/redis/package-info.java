/** The Redis adapter of {@link org.personacollab.session.domain.SessionStore}. */
@NullMarked
package org.personacollab.session.redis;

import org.jspecify.annotations.NullMarked;
