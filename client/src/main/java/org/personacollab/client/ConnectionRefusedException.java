package org.personacollab.client;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.ErrorCode;

/**
 * The server refused the connection for good, so the client stopped ({@link ConnectionState#CLOSED}).
 * {@link #closeCode()} is the WebSocket close code: {@code 4404} session not found, {@code 4503}
 * collaboration disabled, {@code 1008}, {@code 4401} or {@code 4403} authentication. A refused
 * WebSocket handshake (an HTTP answer instead of an upgrade) reports {@code 4000 + status}, e.g.
 * {@code 4401} for HTTP 401, following the convention of {@code org.personacollab.protocol.CloseCodes}.
 */
public final class ConnectionRefusedException extends PersonaClientException {
  private final int closeCode;
  private final @Nullable String code;
  private final String reason;

  public ConnectionRefusedException(int closeCode, @Nullable String code, String reason) {
    super("connection refused (" + closeCode + (code == null ? "" : ", " + code) + "): " + reason);
    this.closeCode = closeCode;
    this.code = code;
    this.reason = reason;
  }

  /** The WebSocket close code (or {@code 4000 + HTTP status} for a refused handshake). */
  public int closeCode() {
    return closeCode;
  }

  /** The error code the server put before the reason ({@code "session_not_found: ..."}), if any. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** {@link #code()} as a known {@link ErrorCode}. */
  public Optional<ErrorCode> errorCode() {
    return code().flatMap(ErrorCode::fromCode);
  }

  /** The close reason as the server sent it. */
  public String reason() {
    return reason;
  }
}
