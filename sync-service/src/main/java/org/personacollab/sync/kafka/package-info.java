/** The consume-transform-produce loop on reactor-kafka (the one adapter that touches it). */
@NullMarked
package org.personacollab.sync.kafka;

import org.jspecify.annotations.NullMarked;
