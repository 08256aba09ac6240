package org.personacollab.protocol;

/** The version of the WebSocket protocol spoken by this build, sent in {@code welcome.protocol}. */
public final class ProtocolVersion {
  /** Current protocol version. Incremented on any incompatible change of a frame. */
  public static final int CURRENT = 1;

  private ProtocolVersion() {}
}
