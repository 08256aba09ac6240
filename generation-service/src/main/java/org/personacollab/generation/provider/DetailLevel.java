package org.personacollab.generation.provider;

/** How much the prompt asks for per list: a few short items, a handful, or many with nuance. */
public enum DetailLevel {
  BRIEF("3 short items per list, one-sentence quotes"),
  STANDARD("4 to 6 items per list, each one specific sentence"),
  DETAILED("6 to 8 items per list, each specific and grounded in what participants said, with context");

  private final String instruction;

  DetailLevel(String instruction) {
    this.instruction = instruction;
  }

  public String instruction() {
    return instruction;
  }
}
