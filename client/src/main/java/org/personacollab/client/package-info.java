/**
 * The reactive Java client of the Persona Collab WebSocket protocol: one
 * {@link org.personacollab.client.PersonaClient} is one participant of one session. It keeps a
 * local copy of the session's document, applies local changes at once (local echo), sends them
 * one at a time, transforms them past the changes of others with json0 ({@code ot-core}), and
 * survives reconnects by resuming from its last version: ShareDB's {@code Doc} state machine.
 *
 * <p>Public types: {@link org.personacollab.client.PersonaClient} and its builder,
 * {@link org.personacollab.client.DocumentEvent}, {@link org.personacollab.client.ConnectionState}
 * and the exceptions under {@link org.personacollab.client.PersonaClientException}. Everything else
 * is package-private: {@code SyncEngine} is the state machine (no I/O, no threads),
 * {@code ReactorPersonaClient} the reactor-netty transport, reconnect loop and heartbeat around it.
 * {@code client/README.md} explains the state machine, the thread model and what resume keeps.
 */
@NullMarked
package org.personacollab.client;

import org.jspecify.annotations.NullMarked;
