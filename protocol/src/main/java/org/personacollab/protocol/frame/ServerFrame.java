package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A frame sent by the server. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Welcome.class, name = "welcome"),
  @JsonSubTypes.Type(value = OpFrame.class, name = "op"),
  @JsonSubTypes.Type(value = Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = Nack.class, name = "nack"),
  @JsonSubTypes.Type(value = ErrorFrame.class, name = "error"),
  @JsonSubTypes.Type(value = GenerationStarted.class, name = "generation_started"),
  @JsonSubTypes.Type(value = GenerationChunk.class, name = "generation_chunk"),
  @JsonSubTypes.Type(value = GenerationComplete.class, name = "generation_complete"),
  @JsonSubTypes.Type(value = GenerationFailed.class, name = "generation_failed"),
  @JsonSubTypes.Type(value = GenerationCancelled.class, name = "generation_cancelled"),
  @JsonSubTypes.Type(value = Pong.class, name = "pong"),
  @JsonSubTypes.Type(value = UserJoined.class, name = "user_joined"),
  @JsonSubTypes.Type(value = UserLeft.class, name = "user_left"),
  @JsonSubTypes.Type(value = PresenceFrame.class, name = "presence"),
  @JsonSubTypes.Type(value = RoleChanged.class, name = "role_changed"),
  @JsonSubTypes.Type(value = SessionClosed.class, name = "session_closed"),
})
public sealed interface ServerFrame
    permits Welcome,
        OpFrame,
        Ack,
        Nack,
        ErrorFrame,
        GenerationStarted,
        GenerationChunk,
        GenerationComplete,
        GenerationFailed,
        GenerationCancelled,
        Pong,
        UserJoined,
        UserLeft,
        PresenceFrame,
        RoleChanged,
        SessionClosed {}
