package org.personacollab.cli.join;

/** A command line that cannot become a change (bad path, missing field, wrong type); nothing was sent. */
final class EditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EditException(String message) {
    super(message, null, false, false);
  }
}
