package org.personacollab.protocol.frame;

/** Keep-alive: {@code {"type":"ping"}}; answered with {@code {"type":"pong"}}. */
public record Ping() implements ClientFrame {}
