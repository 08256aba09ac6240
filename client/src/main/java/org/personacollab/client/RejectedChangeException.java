package org.personacollab.client;

import java.util.Optional;
import org.personacollab.protocol.ErrorCode;

/**
 * The server refused a change for good ({@code nack} with a code that waiting does not cure:
 * {@code invalid_op}, {@code op_too_old}, {@code invalid_version}, {@code document_too_large},
 * {@code forbidden}, {@code seq_gap}, {@code validation_failed}, or one this client does not
 * know). Nothing of the change was applied on the server, and the client has undone it locally:
 * a {@link DocumentEvent.Kind#ROLLBACK} event shows the undo.
 *
 * <p>When several local changes were composed into one op before it was sent, they are refused
 * together: every one of their {@code Mono}s fails with this exception.
 */
public final class RejectedChangeException extends PersonaClientException {
  private final String code;
  private final long seq;

  public RejectedChangeException(String code, String message, long seq) {
    super(code + ": " + message);
    this.code = code;
    this.seq = seq;
  }

  /** The stable wire code, e.g. {@code "invalid_op"}. */
  public String code() {
    return code;
  }

  /** The code as a known {@link ErrorCode}; empty for a code this build does not know. */
  public Optional<ErrorCode> errorCode() {
    return ErrorCode.fromCode(code);
  }

  /** The change's sequence number on its connection. */
  public long seq() {
    return seq;
  }
}
