/**
 * The offline persona generator: the default when no LLM provider is configured. It needs no
 * network, gives byte-identical output for the same documents and clock, and only writes what the
 * research data says: every quote is a participant's sentence, every goal, pain point, behaviour
 * and motivation is cut from one, and every demographic comes from a structured column.
 *
 * <p>The public entry point is {@link org.personacollab.generation.offline.OfflineGenerator}, whose
 * class comment explains the method. The rest (sentence splitting, cue phrases, themes, grouping
 * participants, names) is package-private.
 */
@NullMarked
package org.personacollab.generation.offline;

import org.jspecify.annotations.NullMarked;
