package org.personacollab.cli.api;

import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.ErrorCode;
import tools.jackson.databind.JsonNode;

/**
 * A refusal from the server: the HTTP status and, when the body was
 * {@code application/problem+json}, its stable {@code code} and the {@code detail} for humans.
 *
 * <pre>
 * {"type":"urn:persona-collab:error:session_full","title":"Conflict","status":409,
 *  "detail":"Session k3v9x2m7qa already has 10 participants ...","code":"session_full"}
 * </pre>
 *
 * @param status the HTTP status
 * @param code the error code ({@code session_full}), null when the body was not a problem
 * @param detail the server's sentence, null when it sent none
 * @param title the problem's title ({@code Conflict}) or the reason phrase, if any
 */
public record Problem(int status, @Nullable String code, @Nullable String detail, @Nullable String title) {

  /** The problem in a response body (any JSON object); a body that is not one gives only the status. */
  public static Problem of(int status, @Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      return new Problem(status, null, null, null);
    }
    return new Problem(status, text(body, "code"), text(body, "detail"), text(body, "title"));
  }

  private static @Nullable String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && node.isString() && !node.asString().isBlank() ? node.asString().strip() : null;
  }

  /**
   * One sentence for the user: the server's detail (else the code's standard message, else the
   * status), the code in parentheses, and what to do next where the code says it:
   * {@code "Your sign-in has expired; sign in again. (token_expired) Run 'persona login' to sign in again."}.
   */
  public String describe(String request) {
    StringBuilder text = new StringBuilder();
    ErrorCode known = code == null ? null : ErrorCode.fromCode(code).orElse(null);
    if (detail != null) {
      text.append(detail);
    } else if (known != null) {
      text.append(known.message());
    } else {
      text.append("the server answered HTTP ").append(status).append(title == null ? "" : " " + title)
          .append(" to ").append(request);
    }
    if (code != null) {
      text.append(" (").append(code).append(')');
    }
    String hint = hint();
    if (hint != null) {
      text.append(' ').append(hint);
    }
    return text.toString();
  }

  private @Nullable String hint() {
    if (code == null) {
      return status == 401 ? "Run 'persona login' to sign in again." : null;
    }
    return switch (code) {
      case "unauthorized", "token_expired" -> "Run 'persona login' to sign in again.";
      case "not_a_participant" -> "Ask the facilitator for an invite link and join with 'persona session join --invite LINK'.";
      case "unavailable" -> "Try again in a moment.";
      default -> null;
    };
  }
}
