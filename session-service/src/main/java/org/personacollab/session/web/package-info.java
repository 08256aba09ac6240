/** The REST API: {@code /api/sessions}. */
@NullMarked
package org.personacollab.session.web;

import org.jspecify.annotations.NullMarked;
