package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Set;
import org.personacollab.protocol.MessageType;

/**
 * A frame sent by a client.
 *
 * <pre>
 * {"type":"hello","protocol":1}
 * {"type":"edit","path":"demographics.age","value":34}
 * {"type":"op","seq":1,"v":3,"op":[{"p":["name",0],"si":"Dr "}]}
 * {"type":"generate","count":1}
 * {"type":"cancel_generation"}
 * {"type":"merge","seq":2,"changes":{"registers":[{"path":["name"],"value":"Ada","at":"1764220000000:0:c1"}]}}
 * {"type":"ping"}
 * {"type":"vote","proposal":"p2"}
 * </pre>
 *
 * The workshop frames ({@code propose}, {@code vote}, {@code close_vote}, {@code turns},
 * {@code floor}, {@code lock}, {@code unlock}) are sequenced like edits: the gateway numbers them
 * and their effect comes back to every socket as an {@code op} on {@code _workshop}
 * (docs/workshop.md).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Hello.class, name = "hello"),
  @JsonSubTypes.Type(value = Edit.class, name = "edit"),
  @JsonSubTypes.Type(value = OpSubmit.class, name = "op"),
  @JsonSubTypes.Type(value = Merge.class, name = "merge"),
  @JsonSubTypes.Type(value = PresenceUpdate.class, name = "presence"),
  @JsonSubTypes.Type(value = Generate.class, name = "generate"),
  @JsonSubTypes.Type(value = CancelGeneration.class, name = "cancel_generation"),
  @JsonSubTypes.Type(value = Ping.class, name = "ping"),
  @JsonSubTypes.Type(value = Propose.class, name = "propose"),
  @JsonSubTypes.Type(value = Vote.class, name = "vote"),
  @JsonSubTypes.Type(value = CloseVote.class, name = "close_vote"),
  @JsonSubTypes.Type(value = Turns.class, name = "turns"),
  @JsonSubTypes.Type(value = Floor.class, name = "floor"),
  @JsonSubTypes.Type(value = Lock.class, name = "lock"),
  @JsonSubTypes.Type(value = Unlock.class, name = "unlock"),
})
public sealed interface ClientFrame
    permits Hello, Edit, OpSubmit, Merge, PresenceUpdate, Generate, CancelGeneration, Ping,
        Propose, Vote, CloseVote, Turns, Floor, Lock, Unlock {
  /**
   * The {@code type} values a client may send, in the order of {@link MessageType}'s table (which
   * is where they are declared; {@code MessageTypeTest} keeps it in step with the annotations).
   */
  Set<String> TYPES = MessageType.wireNames(MessageType.Route.CLIENT_TO_SERVER);
}
