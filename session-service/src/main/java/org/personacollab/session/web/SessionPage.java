package org.personacollab.session.web;

import java.util.List;
import org.personacollab.session.domain.Session;

/** One page of {@code GET /api/sessions}: the sessions, the total count and the paging used. */
public record SessionPage(List<Session> sessions, long total, int offset, int limit) {}
