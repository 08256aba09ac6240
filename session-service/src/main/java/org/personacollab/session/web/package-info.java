/**
 * The REST API: {@code /api/auth} (development login, JWKS), {@code /api/sessions} with its
 * participants and invites, and the problem responses of the security filter chain. Every route
 * and its codes: {@code docs/api/sessions.md}.
 */
@NullMarked
package org.personacollab.session.web;

import org.jspecify.annotations.NullMarked;
