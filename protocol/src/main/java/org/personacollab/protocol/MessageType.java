package org.personacollab.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.protocol.frame.Ack;
import org.personacollab.protocol.frame.CancelGeneration;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.Edit;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.Generate;
import org.personacollab.protocol.frame.GenerationCancelled;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.Ping;
import org.personacollab.protocol.frame.Unlock;
import org.personacollab.protocol.frame.Lock;
import org.personacollab.protocol.frame.Merge;
import org.personacollab.protocol.frame.Floor;
import org.personacollab.protocol.frame.Turns;
import org.personacollab.protocol.frame.CloseVote;
import org.personacollab.protocol.frame.Vote;
import org.personacollab.protocol.frame.Propose;
import org.personacollab.protocol.frame.Pong;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.frame.PresenceUpdate;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.frame.Welcome;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.OpsRecord;
import org.personacollab.protocol.kafka.SnapshotRecord;
import org.personacollab.protocol.kafka.TopicNames;

/**
 * The one table of messages: every WebSocket frame and every Kafka record, with the way it
 * travels ({@link Route}), the name it carries on the wire, its record class and what it means.
 *
 * <p>Frames are told apart by their {@code type} property and the records of the ops and
 * snapshots topics by their {@code kind}. An {@link EditRecord} carries no tag: it comes in three
 * forms told apart by their fields ({@code path} and {@code value} for a field edit, {@code v} and
 * {@code op} for a json0 op, {@code event} for an event bound for the audit log), and the table
 * has one row for each form, named {@code edit}, {@code op} and {@code event}.
 *
 * <p>The records of the audit topic are {@link AuditEvent}s, CloudEvents whose {@code type}
 * attribute is {@code org.personacollab.} followed by the event's name. That attribute is not a
 * Jackson tag (every audit record is the one class), so the route has none; its rows are
 * {@code op.sequenced}, the event the sequencer records for every op, named after the CloudEvent
 * type without the prefix, and {@code event}, which stands for every other type: those come from
 * the event form of an edit record ({@code org.personacollab.<event.type>}, e.g.
 * {@code org.personacollab.participant.joined}), and {@code docs/audit-events.md} lists them.
 *
 * <p>Jackson still reads the {@code @JsonSubTypes} of each sealed interface, so a new frame is
 * declared in three places: the record, its interface's {@code permits} and {@code @JsonSubTypes},
 * and this table. {@code MessageTypeTest} fails until all three agree; the golden-file test fails
 * until the new type has an example under {@code src/test/resources/golden/}; and the AsyncAPI test
 * fails until {@code docs/protocol/asyncapi.yaml} has a message named by its {@link #id()}.
 *
 * <p>Example: {@code MessageType.find(Route.CLIENT_TO_SERVER, "op")} is {@link #CLIENT_OP}
 * ({@link OpSubmit}); {@code MessageType.find(Route.SERVER_TO_CLIENT, "op")} is
 * {@link #SERVER_OP} ({@link OpFrame}): one {@code type} string names a different frame in each
 * direction.
 */
public enum MessageType {
  // WebSocket, client → server
  CLIENT_HELLO(Route.CLIENT_TO_SERVER, "hello", Hello.class,
      "Handshake: the protocol version the client speaks; with clientId, version and seq it resumes an earlier connection."),
  CLIENT_EDIT(Route.CLIENT_TO_SERVER, "edit", Edit.class,
      "Sets the value at a path, last write wins; a null value removes the field."),
  CLIENT_OP(Route.CLIENT_TO_SERVER, "op", OpSubmit.class,
      "A json0 op made against version v, numbered seq in the connection's count of changes."),
  CLIENT_MERGE(Route.CLIENT_TO_SERVER, "merge", Merge.class,
      "Offline mode (crdt): HLC-stamped field writes and list adds/removes, merged whatever version the client is at."),
  CLIENT_PRESENCE(Route.CLIENT_TO_SERVER, "presence", PresenceUpdate.class,
      "Where this participant is: the field in focus, caret and selection, valid at version v; not durable."),
  CLIENT_GENERATE(Route.CLIENT_TO_SERVER, "generate", Generate.class,
      "Starts a persona generation in the session."),
  CLIENT_CANCEL_GENERATION(Route.CLIENT_TO_SERVER, "cancel_generation", CancelGeneration.class,
      "Stops the running generation (or the one named); allowed to the participant who started it and to facilitators."),
  CLIENT_PING(Route.CLIENT_TO_SERVER, "ping", Ping.class,
      "Keep-alive; answered with pong."),
  CLIENT_PROPOSE(Route.CLIENT_TO_SERVER, "propose", Propose.class,
      "Proposes a value for a field (or a whole persona, or the generation's candidates) to vote on."),
  CLIENT_VOTE(Route.CLIENT_TO_SERVER, "vote", Vote.class,
      "Votes for a proposal; one vote per participant and vote, changeable while the vote is open."),
  CLIENT_CLOSE_VOTE(Route.CLIENT_TO_SERVER, "close_vote", CloseVote.class,
      "The facilitator closes a vote; the winning value is applied as the facilitator's change."),
  CLIENT_TURNS(Route.CLIENT_TO_SERVER, "turns", Turns.class,
      "The facilitator switches turn-based editing on (order, fields, timer) or off."),
  CLIENT_FLOOR(Route.CLIENT_TO_SERVER, "floor", Floor.class,
      "Hands the floor over: the facilitator gives it, the holder passes it."),
  CLIENT_LOCK(Route.CLIENT_TO_SERVER, "lock", Lock.class,
      "Locks a field for its holder; others' changes to it are refused field_locked."),
  CLIENT_UNLOCK(Route.CLIENT_TO_SERVER, "unlock", Unlock.class,
      "Lifts a lock (its holder or the facilitator)."),

  // WebSocket, server → client
  SERVER_WELCOME(Route.SERVER_TO_CLIENT, "welcome", Welcome.class,
      "Handshake answer: client id, version and snapshot, or resumed true and no snapshot."),
  SERVER_OP(Route.SERVER_TO_CLIENT, "op", OpFrame.class,
      "A sequenced op that applies to version v; the sender's own op coming back is its acknowledgement."),
  SERVER_ACK(Route.SERVER_TO_CLIENT, "ack", Ack.class,
      "A change sent again had already been sequenced as op v and was not applied twice."),
  SERVER_NACK(Route.SERVER_TO_CLIENT, "nack", Nack.class,
      "The change numbered seq was refused with a stable code (and retryAfter where waiting helps); nothing changed."),
  SERVER_ERROR(Route.SERVER_TO_CLIENT, "error", ErrorFrame.class,
      "A frame was refused (not JSON, unknown type, wrong fields, refused request); the socket stays open."),
  SERVER_GENERATION_STARTED(Route.SERVER_TO_CLIENT, "generation_started", GenerationStarted.class,
      "A generation began in the session; its chunks follow from index 0."),
  SERVER_GENERATION_CHUNK(Route.SERVER_TO_CLIENT, "generation_chunk", GenerationChunk.class,
      "A piece of the streamed text; index is gap-free from 0 per generation."),
  SERVER_GENERATION_COMPLETE(Route.SERVER_TO_CLIENT, "generation_complete", GenerationComplete.class,
      "The generation's parsed persona and how many chunks were sent; the persona then arrives as an op."),
  SERVER_GENERATION_FAILED(Route.SERVER_TO_CLIENT, "generation_failed", GenerationFailed.class,
      "The generation stopped without a persona."),
  SERVER_GENERATION_CANCELLED(Route.SERVER_TO_CLIENT, "generation_cancelled", GenerationCancelled.class,
      "A participant (by) cancelled the generation; no chunk of it follows and no persona is submitted."),
  SERVER_PONG(Route.SERVER_TO_CLIENT, "pong", Pong.class,
      "The answer to ping."),
  SERVER_USER_JOINED(Route.SERVER_TO_CLIENT, "user_joined", UserJoined.class,
      "A participant connected to the session, with their name, role and colour."),
  SERVER_USER_LEFT(Route.SERVER_TO_CLIENT, "user_left", UserLeft.class,
      "A participant's last socket closed, or they were removed, or the session closed."),
  SERVER_PRESENCE(Route.SERVER_TO_CLIENT, "presence", PresenceFrame.class,
      "Where another participant is, valid at version v; forgotten 30 s after their last update."),
  SERVER_ROLE_CHANGED(Route.SERVER_TO_CLIENT, "role_changed", RoleChanged.class,
      "The facilitator gave a participant another role; frames are checked against it from now on."),
  SERVER_SESSION_CLOSED(Route.SERVER_TO_CLIENT, "session_closed", SessionClosed.class,
      "The session was closed; the socket is closed with 4410 right after."),

  // Kafka persona.edits (no tag: the form is told by its fields)
  EDITS_EDIT(Route.EDITS, "edit", EditRecord.class,
      "A field edit (path and value) on its way to the sequencer."),
  EDITS_OP(Route.EDITS, "op", EditRecord.class,
      "A json0 op (v and op) on its way to the sequencer."),
  EDITS_EVENT(Route.EDITS, "event", EditRecord.class,
      "An event (type and data) another service sends the sequencer for the session's audit log; seq is 0."),
  EDITS_WORKSHOP(Route.EDITS, "workshop", EditRecord.class,
      "A workshop command (event type workshop.<action>, the sender's role in data), numbered like a change; sequenced as an op on _workshop."),

  EDITS_MERGE(Route.EDITS, "merge", EditRecord.class,
      "A CRDT update (crdt) on its way to the sequencer, numbered like a change; sequenced as the op that merges it."),

  // Kafka persona.ops
  OPS_OP(Route.OPS, "op", OpsRecord.Sequenced.class,
      "An op in the session's total order, at version v."),
  OPS_NACK(Route.OPS, "nack", OpsRecord.Rejected.class,
      "A change the sequencer refused, with a stable code; nothing was applied."),
  OPS_ACK(Route.OPS, "ack", OpsRecord.Duplicate.class,
      "A change sent again that was already sequenced as op v."),

  // Kafka persona.snapshots (compacted)
  SNAPSHOTS_SNAPSHOT(Route.SNAPSHOTS, "snapshot", SnapshotRecord.Snapshot.class,
      "A session's document at version v, with the last change seen from each client."),
  SNAPSHOTS_CHECKPOINT(Route.SNAPSHOTS, "checkpoint", SnapshotRecord.Checkpoint.class,
      "The offsets of an ops and an audit partition below which every session has a covering snapshot."),

  // Kafka persona.audit (CloudEvents; no tag: the CloudEvent type names the event)
  AUDIT_OP_SEQUENCED(Route.AUDIT, "op.sequenced", AuditEvent.class,
      "CloudEvent org.personacollab.op.sequenced: one op of the session's total order, hash-chained."),
  AUDIT_EVENT(Route.AUDIT, "event", AuditEvent.class,
      "CloudEvent org.personacollab.<event.type> recorded from an edit record's event, hash-chained.");

  private final Route route;
  private final String wireName;
  private final Class<? extends Record> recordClass;
  private final String summary;

  MessageType(Route route, String wireName, Class<? extends Record> recordClass, String summary) {
    this.route = route;
    this.wireName = wireName;
    this.recordClass = recordClass;
    this.summary = summary;
  }

  /** Where the message travels: a direction on the socket, or a Kafka topic. */
  public Route route() {
    return route;
  }

  /**
   * The name on the wire: the {@code type} of a frame, the {@code kind} of an ops or snapshot
   * record, the form of an edit record ({@code edit}, {@code op} or {@code event}, not written on
   * the wire), or for an audit event its CloudEvent {@code type} without
   * {@link AuditEvent#TYPE_PREFIX} ({@code op.sequenced}; {@code event} for the types that come
   * from event records). Unique within a route, not across routes.
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The record that holds the message; every edit form is an {@link EditRecord}, every audit row
   * an {@link AuditEvent}.
   */
  public Class<? extends Record> recordClass() {
    return recordClass;
  }

  /** One line on what the message means. */
  public String summary() {
    return summary;
  }

  /**
   * A name unique across the table, {@code route.wireName}: {@code client.op}, {@code server.op},
   * {@code ops.nack}. The AsyncAPI document names its messages by it.
   */
  public String id() {
    return route.id() + "." + wireName;
  }

  /** The rows of one route, in table order. */
  public static List<MessageType> of(Route route) {
    return Arrays.stream(values()).filter(t -> t.route == route).toList();
  }

  /** The wire names of one route, in table order (unmodifiable). */
  public static Set<String> wireNames(Route route) {
    Set<String> names = new LinkedHashSet<>();
    for (MessageType type : of(route)) names.add(type.wireName);
    return Collections.unmodifiableSet(names);
  }

  /** The row with that wire name on that route; empty if there is none. */
  public static Optional<MessageType> find(Route route, String wireName) {
    return of(route).stream().filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  /**
   * The row a frame or record belongs to.
   *
   * @throws IllegalArgumentException if {@code message} is not a frame or record of this protocol
   */
  public static MessageType of(Object message) {
    if (message instanceof EditRecord edit) {
      if (edit.carriesWorkshopCommand()) return EDITS_WORKSHOP;
      if (edit.carriesMerge()) return EDITS_MERGE;
      return edit.carriesEvent() ? EDITS_EVENT : edit.carriesOp() ? EDITS_OP : EDITS_EDIT;
    }
    if (message instanceof AuditEvent event) {
      return AuditEvent.OP_SEQUENCED.equals(event.type()) ? AUDIT_OP_SEQUENCED : AUDIT_EVENT;
    }
    for (MessageType type : values()) {
      if (type.recordClass == message.getClass()) return type;
    }
    throw new IllegalArgumentException(
        "not a frame or record of the protocol: " + message.getClass().getName());
  }

  /** The ways a message travels: the two directions of the socket and the four topics. */
  public enum Route {
    /** WebSocket {@code /ws/sessions/{sessionId}}, client to server; tagged by {@code type}. */
    CLIENT_TO_SERVER("client", ClientFrame.class, "type", null),
    /** WebSocket {@code /ws/sessions/{sessionId}}, server to client; tagged by {@code type}. */
    SERVER_TO_CLIENT("server", ServerFrame.class, "type", null),
    /** Kafka {@code persona.edits}, key session id; untagged, three forms. */
    EDITS("edits", EditRecord.class, null, TopicNames::edits),
    /** Kafka {@code persona.ops}, key session id; tagged by {@code kind}. */
    OPS("ops", OpsRecord.class, "kind", TopicNames::ops),
    /** Kafka {@code persona.snapshots}, compacted, key session id; tagged by {@code kind}. */
    SNAPSHOTS("snapshots", SnapshotRecord.class, "kind", TopicNames::snapshots),
    /**
     * Kafka {@code persona.audit}, key session id: CloudEvents in structured JSON mode, one class
     * ({@link AuditEvent}) whose {@code type} attribute names the event; no tag.
     */
    AUDIT("audit", AuditEvent.class, null, TopicNames::audit);

    private final String id;
    private final Class<?> baseType;
    private final @Nullable String tag;
    private final @Nullable Function<TopicNames, String> topic;

    Route(String id, Class<?> baseType, @Nullable String tag, @Nullable Function<TopicNames, String> topic) {
      this.id = id;
      this.baseType = baseType;
      this.tag = tag;
      this.topic = topic;
    }

    /** The first part of {@link MessageType#id()}: {@code client}, {@code server}, {@code edits}, {@code audit}, … */
    public String id() {
      return id;
    }

    /**
     * The type to decode a message of this route as: {@link ClientFrame} (through
     * {@link WireCodec#decodeClientFrame}), {@link ServerFrame}, {@link EditRecord},
     * {@link OpsRecord}, {@link SnapshotRecord} or {@link AuditEvent}.
     */
    public Class<?> baseType() {
      return baseType;
    }

    /**
     * The property that holds the wire name as a Jackson tag ({@code type}, {@code kind}); null
     * for edit records (told by their fields) and audit events (one class; the CloudEvent
     * {@code type} attribute names the event but is no tag).
     */
    public @Nullable String tag() {
      return tag;
    }

    /** True for the Kafka topics. */
    public boolean isKafka() {
      return topic != null;
    }

    /** The topic of a Kafka route in a deployment; empty for the socket. */
    public Optional<String> topic(TopicNames names) {
      return topic == null ? Optional.empty() : Optional.of(topic.apply(names));
    }
  }
}
