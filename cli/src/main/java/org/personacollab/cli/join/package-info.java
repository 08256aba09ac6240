/**
 * The terminal participant behind {@code persona session join}: a
 * {@link org.personacollab.client.PersonaClient} connected with a session token, a printout of the
 * persona and of who is here, one line per live change, and commands read line by line from any
 * input (a terminal or a pipe): {@code set}, {@code add}, {@code unset}, {@code show}, {@code who},
 * {@code help}, {@code quit}.
 *
 * <p>{@link org.personacollab.cli.join.Participant} runs it. The rest are small, pure pieces:
 * {@code InputLine} reads an input line, {@code FieldPath} and {@code ValueText} its path
 * and value, {@code FieldEdits} turns them into the json0 op for the document as it is,
 * {@code OpText} says an op in words, {@code Roster} keeps who is here, and {@code Console} prints
 * from the client's threads without mixing lines.
 */
@NullMarked
package org.personacollab.cli.join;

import org.jspecify.annotations.NullMarked;
