package org.personacollab.client;

/**
 * The errors a {@link PersonaClient} reports through its {@code Mono}s: a change the server
 * refused ({@link RejectedChangeException}), a change whose outcome can no longer be known
 * ({@link ChangeLostException}), a connection the server refused for good
 * ({@link ConnectionRefusedException}), or a client that was closed
 * ({@link ClientClosedException}).
 */
public abstract sealed class PersonaClientException extends RuntimeException
    permits RejectedChangeException, ChangeLostException, ConnectionRefusedException, ClientClosedException {
  PersonaClientException(String message) {
    super(message);
  }
}
