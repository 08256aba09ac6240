/**
 * {@code persona generate}: personas from research files, either locally with no server (the
 * research loader and the offline generator of {@code generation-core}, or a {@link
 * org.personacollab.cli.generate.LocalProvider} plugged in) or in a session on a server (the files
 * uploaded as {@code multipart/form-data}, the generation followed on the session's socket).
 */
@NullMarked
package org.personacollab.cli.generate;

import org.jspecify.annotations.NullMarked;
