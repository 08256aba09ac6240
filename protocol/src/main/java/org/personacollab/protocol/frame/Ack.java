package org.personacollab.protocol.frame;

/**
 * The answer to a change the client sent again after it had already been sequenced (typically
 * after a reconnect): {@code {"type":"ack","seq":12,"v":57}} says change {@code seq} is op
 * {@code v} of the session and was not applied a second time. The op itself reached the client
 * in the op stream, or reaches it when the client catches up from an older version.
 */
public record Ack(long seq, long v) implements ServerFrame {}
