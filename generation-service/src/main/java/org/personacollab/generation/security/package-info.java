/** Who may start a generation: a participant of the session who may edit (ADR 7). */
@NullMarked
package org.personacollab.generation.security;

import org.jspecify.annotations.NullMarked;
