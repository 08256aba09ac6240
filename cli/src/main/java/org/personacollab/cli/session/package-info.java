/**
 * {@code persona session create|list|join|close}: sessions through the REST API, as the signed-in
 * user. {@link org.personacollab.cli.session.Account} holds what every subcommand needs (the stored
 * credentials, a client of the server, session tokens, renewed by joining again when one has
 * expired); {@code join} hands the session token to the terminal participant in
 * {@code org.personacollab.cli.join}.
 */
@NullMarked
package org.personacollab.cli.session;

import org.jspecify.annotations.NullMarked;
