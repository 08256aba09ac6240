/**
 * The REST API of Persona Collab as the CLI uses it: {@link org.personacollab.cli.api.ApiClient}
 * sends JSON with {@code java.net.http} and turns every failure into one sentence for the user
 * ({@link org.personacollab.cli.api.ApiException}, from the server's
 * {@code application/problem+json} {@link org.personacollab.cli.api.Problem}, or from the
 * transport). The records here are the bodies the CLI reads (create, join, invite, list), and
 * {@link org.personacollab.cli.api.InviteRef} reads an invite link or token.
 */
@NullMarked
package org.personacollab.cli.api;

import org.jspecify.annotations.NullMarked;
