package org.personacollab.protocol.frame;

/** The answer to a {@link Ping}. */
public record Pong() implements ServerFrame {}
