/** The REST API: {@code POST /api/sessions/{id}/generations}. */
@NullMarked
package org.personacollab.generation.web;

import org.jspecify.annotations.NullMarked;
