package org.personacollab.cli.audit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One record of the audit topic that belongs to the session (its key is the session id).
 *
 * @param partition where it is
 * @param offset where it is
 * @param event the CloudEvent as JSON; null when the value is not JSON at all
 * @param raw the value as text, for {@code tail --json} and for reporting a value that is not JSON
 */
record AuditRecord(int partition, long offset, @Nullable JsonNode event, String raw) {}
