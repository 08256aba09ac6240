/** The Redis read model the sequencer keeps for fast joins: each session's latest document and its ops. */
@NullMarked
package org.personacollab.sync.redis;

import org.jspecify.annotations.NullMarked;
