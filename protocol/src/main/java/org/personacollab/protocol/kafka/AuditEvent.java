package org.personacollab.protocol.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One record of {@code persona.audit}: a CloudEvent 1.0 in structured JSON mode
 * ({@code application/cloudevents+json}), readable by any CloudEvents SDK.
 *
 * <pre>
 * {"specversion":"1.0","id":"k3v9x2m7qa-42","source":"/persona-collab/sessions/k3v9x2m7qa",
 *  "type":"org.personacollab.op.sequenced","subject":"k3v9x2m7qa","time":"2025-01-15T09:00:00.123Z",
 *  "datacontenttype":"application/json","data":{"v":41,"src":"c…","seq":7,"user_id":"alice","op":[…]},
 *  "sequence":42,"prevhash":"…","hash":"…"}
 * </pre>
 *
 * {@code sequence} counts a session's audit events from 1 without gaps; {@code prevhash} is the
 * previous event's {@code hash} (64 zeros for the first); {@code hash} is computed by
 * {@link AuditChain#hash}. The extension attributes are lowercase, as CloudEvents requires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    String specversion,
    String id,
    String source,
    String type,
    String subject,
    String time,
    String datacontenttype,
    JsonNode data,
    long sequence,
    String prevhash,
    @Nullable String hash) {
  /** The CloudEvents version. */
  public static final String SPEC_VERSION = "1.0";
  /** Prefix of every event type. */
  public static final String TYPE_PREFIX = "org.personacollab.";
  /** The type of the event recorded for every sequenced op. */
  public static final String OP_SEQUENCED = TYPE_PREFIX + "op.sequenced";

  /** The same event with its hash. */
  public AuditEvent withHash(String newHash) {
    return new AuditEvent(specversion, id, source, type, subject, time, datacontenttype, data, sequence, prevhash, newHash);
  }
}
