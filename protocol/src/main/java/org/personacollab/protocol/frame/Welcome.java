package org.personacollab.protocol.frame;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The server's side of the handshake: the first frame on every socket, and the answer to a
 * resuming {@code hello}. {@code version} is the number of ops applied to {@code snapshot}
 * (ShareDB's convention); the ops that follow on the socket start exactly at that version, with no
 * gap and no duplicate. {@code clientId} is this connection's id: changes the client makes come
 * back with {@code src} equal to it (that is the client's ack).
 *
 * <p>{@code resumed: true} answers a hello that resumed: {@code snapshot} is absent, the client
 * keeps its document at {@code version}, and the ops it missed follow.
 *
 * <p>{@code role} is the connecting participant's role ({@code facilitator}, {@code editor},
 * {@code viewer}); {@code presence} is where the others are (focus and caret, each valid at its
 * own {@code v}: transform it through the ops after that version).
 */
public record Welcome(
    int protocol,
    String sessionId,
    String clientId,
    long version,
    @Nullable JsonNode snapshot,
    List<String> participants,
    boolean resumed,
    @Nullable String role,
    List<PresenceFrame> presence)
    implements ServerFrame {
  public Welcome {
    participants = List.copyOf(participants);
    presence = presence == null ? List.of() : List.copyOf(presence);
    if (resumed == (snapshot != null)) {
      throw new IllegalArgumentException("a welcome carries a snapshot exactly when it does not resume");
    }
  }

  /** A welcome without role and presence (sessions without authentication). */
  public Welcome(
      int protocol,
      String sessionId,
      String clientId,
      long version,
      @Nullable JsonNode snapshot,
      List<String> participants,
      boolean resumed) {
    this(protocol, sessionId, clientId, version, snapshot, participants, resumed, null, List.of());
  }
}
