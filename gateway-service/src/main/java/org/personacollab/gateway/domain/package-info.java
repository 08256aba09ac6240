/** Sockets and sessions: a {@link org.personacollab.gateway.domain.Connection} per socket, ordered delivery with gap detection, and the {@link org.personacollab.gateway.domain.SessionHub} that fans out to them. */
@NullMarked
package org.personacollab.gateway.domain;

import org.jspecify.annotations.NullMarked;
