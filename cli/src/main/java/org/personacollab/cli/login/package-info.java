/**
 * {@code persona login}: the development login ({@code POST /api/auth/token}) and the stored
 * credentials it leaves for the other commands; {@link org.personacollab.cli.login.SignIn} is the
 * part {@code persona session join --name} reuses.
 */
@NullMarked
package org.personacollab.cli.login;

import org.jspecify.annotations.NullMarked;
