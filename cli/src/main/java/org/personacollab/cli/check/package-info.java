/**
 * {@code persona check}: which persona-generation providers are configured and reachable, as the
 * server sees them or, with {@code --local}, from this machine's environment.
 */
@NullMarked
package org.personacollab.cli.check;

import org.jspecify.annotations.NullMarked;
