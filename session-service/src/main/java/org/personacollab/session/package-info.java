/**
 * session-service: owns workshop sessions (and, later, participants, roles and tokens). Sessions
 * live in Redis; the REST API is reached through the gateway at {@code /api/sessions}.
 */
@NullMarked
package org.personacollab.session;

import org.jspecify.annotations.NullMarked;
