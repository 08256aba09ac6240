/** Sessions as values, and the {@link org.personacollab.session.domain.SessionStore} port that keeps them. */
@NullMarked
package org.personacollab.session.domain;

import org.jspecify.annotations.NullMarked;
