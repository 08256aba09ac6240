package org.personacollab.protocol.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A sequenced op: {@code {"type":"op","v":3,"src":"c1","seq":1,"op":[...],"user_id":"bob","ts":...}}.
 * {@code v} is the version the op applies to; after it the document is at {@code v + 1}.
 * {@code op} is a json0 op (a list of components). {@code ts} is epoch milliseconds.
 */
public record OpFrame(
    long v, String src, long seq, JsonNode op, @JsonProperty("user_id") String userId, long ts)
    implements ServerFrame {}
