package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;

/**
 * Optional handshake: {@code {"type":"hello","protocol":1}}. The server answers a hello whose
 * protocol it does not speak with an {@code error}. (Resume by {@code clientId}/{@code version}
 * is part of a later protocol revision; the fields are accepted and ignored today.)
 */
public record Hello(int protocol, @Nullable String clientId, @Nullable Long version)
    implements ClientFrame {}
