/** REST error handling: every failure renders as {@code application/problem+json} with a stable {@code code}. */
@NullMarked
package org.personacollab.platform.web;

import org.jspecify.annotations.NullMarked;
