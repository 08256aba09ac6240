package org.personacollab.client;

/** The client was closed before the operation could finish (or before it started). */
public final class ClientClosedException extends PersonaClientException {
  public ClientClosedException(String message) {
    super(message);
  }
}
