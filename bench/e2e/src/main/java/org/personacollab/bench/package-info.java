/**
 * The end-to-end fan-out benchmark: real {@link org.personacollab.client.PersonaClient}
 * participants over real WebSockets, driven at a set aggregate op rate through the whole path
 * (client → gateway → Kafka → sync → Kafka → gateway → other clients), with latencies in
 * HdrHistograms.
 *
 * <p>How a latency is measured: every measured change carries a <em>marker</em>, one character
 * unique within its session and scenario ({@link org.personacollab.bench.Markers}): the typed
 * character itself, or a character inside an inserted list item or a replaced field value. The
 * sender registers the marker with the time it submitted the change ({@link
 * org.personacollab.bench.SessionTracker}); every other client of the session scans the ops of its
 * {@code REMOTE} document events for marker characters and records "now − submitted" once per
 * (change × receiver). Composition (several changes in one server op) and transformation (ops
 * shifted or split by concurrent ones) keep the characters, so they are still found.
 *
 * <p>Start at {@link org.personacollab.bench.BenchCommand}; {@code bench/e2e/README.md} explains
 * the workload and the output.
 */
@NullMarked
package org.personacollab.bench;

import org.jspecify.annotations.NullMarked;
