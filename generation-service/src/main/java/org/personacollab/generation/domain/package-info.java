/** Generations: the request, the run (research, generator, chunks, result) and the ports it talks through. */
@NullMarked
package org.personacollab.generation.domain;

import org.jspecify.annotations.NullMarked;
