/**
 * {@code persona vote …} and {@code persona floor …}: the workshop (votes, turns, locks) from a
 * terminal, one command at a time over the session's socket (docs/workshop.md).
 */
@NullMarked
package org.personacollab.cli.workshop;

import org.jspecify.annotations.NullMarked;
