package org.personacollab.protocol.frame;

import tools.jackson.databind.JsonNode;

/** Checks shared by the workshop frames. */
final class WorkshopIds {
  private WorkshopIds() {}

  /** An id of a vote ({@code v3}) or a proposal ({@code p7}). */
  static void requireId(String field, String id, char prefix) {
    if (id == null || !id.matches(prefix + "[1-9][0-9]{0,9}")) {
      throw new IllegalArgumentException("\"" + field + "\" must be an id like " + prefix + "1, got " + id);
    }
  }

  /** A field's path: a non-empty string or list, as an edit's (the whole persona cannot be locked). */
  static void requireField(JsonNode path) {
    if (path == null || (!path.isString() && !path.isArray())) throw new IllegalArgumentException("\"path\" must be a string or an array");
    if ((path.isArray() && path.isEmpty()) || (path.isString() && path.asString().isEmpty())) throw new IllegalArgumentException("\"path\" must name a field");
    new Edit(path, tools.jackson.databind.node.NullNode.getInstance()); // the same rules as an edit's path
  }
}
