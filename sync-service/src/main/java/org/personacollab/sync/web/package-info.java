/** The REST API of sync-service: reading a session's ops back ({@code /api/sessions/{id}/ops}). */
@NullMarked
package org.personacollab.sync.web;

import org.jspecify.annotations.NullMarked;
