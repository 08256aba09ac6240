/**
 * Who may do what: tokens on REST calls and on the socket handshake, the socket's origin, the
 * participant's role on every frame (ADR 7).
 */
@NullMarked
package org.personacollab.gateway.security;

import org.jspecify.annotations.NullMarked;
