package org.personacollab.protocol.frame;

import java.util.Set;

/** The participant roles as they appear on the wire. */
public final class Roles {
  /** {@code facilitator}, {@code editor}, {@code viewer}. */
  public static final Set<String> ALL = Set.of("facilitator", "editor", "viewer");

  private Roles() {}

  public static boolean isRole(String role) {
    return role != null && ALL.contains(role);
  }
}
