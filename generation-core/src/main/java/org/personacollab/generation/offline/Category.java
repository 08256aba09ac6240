package org.personacollab.generation.offline;

/** The persona lists that are cut from participants' sentences, with their JSON keys. */
enum Category {
  GOALS("goals"),
  PAIN_POINTS("pain_points"),
  BEHAVIOURS("behaviours"),
  MOTIVATIONS("motivations");

  private final String key;

  Category(String key) {
    this.key = key;
  }

  String key() {
    return key;
  }
}
