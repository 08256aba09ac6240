/**
 * What the CLI remembers between runs: the server it signed in to, the user token, and one
 * session token per session created or joined ({@link org.personacollab.cli.config.Credentials}),
 * kept by {@link org.personacollab.cli.config.CredentialsStore} in
 * {@code credentials.json} under {@code --config-dir}, {@code $PERSONA_CONFIG_DIR},
 * {@code $XDG_CONFIG_HOME/persona} or {@code ~/.config/persona}, readable by its owner only.
 */
@NullMarked
package org.personacollab.cli.config;

import org.jspecify.annotations.NullMarked;
