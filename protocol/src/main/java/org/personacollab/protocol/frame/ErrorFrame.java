package org.personacollab.protocol.frame;

import org.personacollab.protocol.ErrorCode;

/** {@code {"type":"error","code":"invalid_json","message":"..."}}: a frame the server refused. */
public record ErrorFrame(String code, String message) implements ServerFrame {
  public static ErrorFrame of(ErrorCode code, String message) {
    return new ErrorFrame(code.code(), message);
  }
}
