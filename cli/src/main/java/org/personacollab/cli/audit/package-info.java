/**
 * {@code persona audit verify|tail}: the session's audit log read straight from Kafka
 * ({@code <prefix>audit}, committed records only) with a stock {@code KafkaConsumer}
 * ({@link org.personacollab.cli.audit.AuditLog}), its hash chain checked with the protocol
 * module's {@code AuditChain} ({@link org.personacollab.cli.audit.ChainCheck}), and each event
 * in one line of words ({@link org.personacollab.cli.audit.EventLine}). See
 * {@code docs/audit-events.md}.
 */
@NullMarked
package org.personacollab.cli.audit;

import org.jspecify.annotations.NullMarked;
