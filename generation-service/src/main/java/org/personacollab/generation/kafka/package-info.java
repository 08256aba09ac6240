/** Submits a finished persona to {@code persona.edits} like any other change. */
@NullMarked
package org.personacollab.generation.kafka;

import org.jspecify.annotations.NullMarked;
