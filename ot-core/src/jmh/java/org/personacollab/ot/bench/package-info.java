/** JMH benchmarks of the engine on the fixed corpus in bench/ot (run by bench/ot/run.sh). */
@NullMarked
package org.personacollab.ot.bench;

import org.jspecify.annotations.NullMarked;
