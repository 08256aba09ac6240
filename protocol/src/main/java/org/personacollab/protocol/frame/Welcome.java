package org.personacollab.protocol.frame;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The first frame on every socket. {@code version} is the number of ops applied to
 * {@code snapshot} (ShareDB's convention); the ops that follow on the socket start at that
 * version with no gap. {@code clientId} is the id the server gave this connection: ops the client
 * caused come back with {@code src} equal to it (that is the client's ack).
 */
public record Welcome(
    int protocol,
    String sessionId,
    String clientId,
    long version,
    JsonNode snapshot,
    List<String> participants)
    implements ServerFrame {
  public Welcome {
    participants = List.copyOf(participants);
  }
}
