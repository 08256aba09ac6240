package org.personacollab.client;

/**
 * The client cannot know whether a local change was applied, and has dropped it. This happens
 * when the server refused to resume after a reconnect (client id expired, version too old or
 * unknown to the server) and sent a fresh snapshot instead, or when the client had to resync
 * without resuming (its state no longer matched the op stream). The change had been made against
 * a version that can no longer be transformed; the new snapshot is the truth, and it may or may
 * not contain the change. Re-read {@link PersonaClient#document()} and make the change again if
 * it is still wanted.
 */
public final class ChangeLostException extends PersonaClientException {
  public ChangeLostException(String message) {
    super(message);
  }
}
