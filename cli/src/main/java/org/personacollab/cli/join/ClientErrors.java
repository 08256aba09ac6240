package org.personacollab.cli.join;

import org.jspecify.annotations.Nullable;
import org.personacollab.client.ChangeLostException;
import org.personacollab.client.ClientClosedException;
import org.personacollab.client.ConnectionRefusedException;
import org.personacollab.client.RejectedChangeException;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.protocol.CloseCodes;

/** The client's failures in words: a refused connection, and a change that did not go through. */
public final class ClientErrors {
  private ClientErrors() {}

  /** Why the server would not let this participant in, and what to do about it. */
  public static String refused(String sessionId, ConnectionRefusedException e) {
    String code = e.code().orElse("");
    int close = e.closeCode();
    if (code.equals("session_not_found") || close == CloseCodes.SESSION_NOT_FOUND) {
      return "there is no session " + sessionId + " (check the id with 'persona session list')";
    }
    if (code.equals("session_closed") || close == CloseCodes.SESSION_CLOSED) {
      return "session " + sessionId + " is closed";
    }
    if (code.equals("collaboration_disabled") || close == CloseCodes.COLLABORATION_DISABLED) {
      return "collaboration is switched off on this server (collaboration.enabled)";
    }
    if (close == CloseCodes.UNAUTHORIZED || close == 1008 || code.equals("unauthorized") || code.equals("token_expired")) {
      return "the server did not accept your session token (" + e.reason() + "); run 'persona login', then join again";
    }
    if (close == CloseCodes.FORBIDDEN) {
      return "you are not a participant of session " + sessionId + " (any more): " + e.reason()
          + "; ask the facilitator for an invite link";
    }
    return "the server refused the connection to session " + sessionId + ": " + e.reason() + " (close code " + close + ")";
  }

  /** Why a change did not go through; {@code op} is the change, if it was made at all. */
  static String failed(@Nullable Op op, Throwable error) {
    String what = op == null ? "the change" : "'" + OpText.describe(op) + "'";
    if (error instanceof EditException) {
      return error.getMessage();
    }
    if (error instanceof RejectedChangeException rejected) {
      String message = rejected.getMessage();
      String prefix = rejected.code() + ": ";
      String words = message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
      return "the server refused " + what + ": " + words + " (" + rejected.code() + ")";
    }
    if (error instanceof ChangeLostException) {
      return what + " may not have been saved: the connection was reset and could not be resumed (show prints what the server has)";
    }
    if (error instanceof ClientClosedException) {
      return what + " was not confirmed before leaving";
    }
    if (error instanceof ConnectionRefusedException refused) {
      return what + " was not saved: the server ended the connection (" + refused.reason() + ")";
    }
    if (error instanceof OtException) {
      return what + " does not fit the persona as it is now: " + error.getMessage();
    }
    return what + " failed: " + error;
  }
}
