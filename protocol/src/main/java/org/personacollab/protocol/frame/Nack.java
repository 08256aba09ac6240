package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;

/**
 * A rejected change: the client's {@code seq}, a stable {@code code} and a human message;
 * {@code retryAfter} (milliseconds) where waiting would help. Nothing was changed.
 */
public record Nack(long seq, String code, String message, @Nullable Long retryAfter)
    implements ServerFrame {}
