package org.personacollab.protocol;

/**
 * WebSocket close codes used by the gateway. Codes below 4000 are RFC 6455's; 4000–4999 are ours
 * and mirror the HTTP status of the reason where one exists (4404 ~ 404).
 */
public final class CloseCodes {
  /** RFC 6455: the frame is larger than the server accepts. */
  public static final int MESSAGE_TOO_BIG = 1009;
  /** RFC 6455: an unexpected server error. */
  public static final int INTERNAL_ERROR = 1011;
  /** RFC 6455: the server is restarting; reconnect and resume. */
  public static final int SERVICE_RESTART = 1012;
  /**
   * The client did not read its frames fast enough and its outbound buffer filled up; it should
   * reconnect and resume from its last version.
   */
  public static final int TOO_SLOW = 4408;
  /** The server lost track of the op stream for this socket; reconnect and resume. */
  public static final int RESYNC = 4409;
  /** The socket sent nothing (not even a heartbeat) for longer than the idle timeout. */
  public static final int IDLE = 4000;
  /** No valid token, or it expired: get a (new) token and reconnect. */
  public static final int UNAUTHORIZED = 4401;
  /** Not (or no longer) a participant of the session. */
  public static final int FORBIDDEN = 4403;
  /** The session was closed. */
  public static final int SESSION_CLOSED = 4410;
  /** The socket is for a session that does not exist. */
  public static final int SESSION_NOT_FOUND = 4404;
  /** Collaboration is switched off ({@code collaboration.enabled: false}). */
  public static final int COLLABORATION_DISABLED = 4503;
  /** A dependency (session-service, broker) is not reachable at connect time; retry later. */
  public static final int UNAVAILABLE = 4504;

  private CloseCodes() {}
}
