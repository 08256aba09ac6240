/**
 * WebSocket frames: {@link org.personacollab.protocol.frame.ClientFrame} (client to server) and
 * {@link org.personacollab.protocol.frame.ServerFrame} (server to client). Every frame is a JSON
 * object whose {@code type} names its record here.
 */
@NullMarked
package org.personacollab.protocol.frame;

import org.jspecify.annotations.NullMarked;
