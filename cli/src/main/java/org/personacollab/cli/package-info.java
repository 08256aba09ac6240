/**
 * The {@code persona} command line: {@link org.personacollab.cli.PersonaCli} is the top command and
 * each subcommand lives in its own package ({@code up}, ...). Errors reach the user as one line on
 * stderr through {@link org.personacollab.cli.CliException}; stack traces only with {@code --debug}.
 */
@NullMarked
package org.personacollab.cli;

import org.jspecify.annotations.NullMarked;
