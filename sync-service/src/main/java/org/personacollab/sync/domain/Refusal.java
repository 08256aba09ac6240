package org.personacollab.sync.domain;

import org.personacollab.protocol.ErrorCode;

/** A change the sequencer refuses, with the code and message the sender gets in its nack. */
final class Refusal extends RuntimeException {
  final ErrorCode code;

  Refusal(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }
}
