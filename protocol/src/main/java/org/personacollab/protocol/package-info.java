/**
 * The wire contract of Persona Collab: every WebSocket frame ({@link org.personacollab.protocol.frame}),
 * every Kafka record ({@link org.personacollab.protocol.kafka}), the stable error codes
 * ({@link org.personacollab.protocol.ErrorCode}) and the one JSON codec that reads and writes them
 * ({@link org.personacollab.protocol.WireCodec}).
 *
 * <p>Nothing here depends on Spring or Reactor: the services, the CLI and the tests share these
 * types so that a frame means the same thing everywhere.
 */
@NullMarked
package org.personacollab.protocol;

import org.jspecify.annotations.NullMarked;
