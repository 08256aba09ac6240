/** The sequencer's pure core: session documents as immutable values and the rules that turn an edit into a sequenced op or a rejection. No I/O here. */
@NullMarked
package org.personacollab.sync.domain;

import org.jspecify.annotations.NullMarked;
