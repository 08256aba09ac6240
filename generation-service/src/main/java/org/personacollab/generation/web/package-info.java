/** The REST API: {@code POST /api/sessions/{id}/generations}, {@code DELETE …/generations/{generationId}}. */
@NullMarked
package org.personacollab.generation.web;

import org.jspecify.annotations.NullMarked;
