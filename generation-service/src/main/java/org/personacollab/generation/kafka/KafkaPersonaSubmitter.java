package org.personacollab.generation.kafka;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.personacollab.generation.domain.GenerationRequest;
import org.personacollab.generation.domain.PersonaSubmitter;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submits the persona to {@code persona.edits} as a replacement of the session document, authored
 * by the requesting user through the generation agent ({@code src = agent:generation:<id>}), so it
 * is sequenced, versioned and acknowledged like any participant's change; and the generation's
 * audit events to the same topic ({@code src = agent:generation-service}), which the sequencer
 * puts into the session's hash-chained audit log.
 */
public final class KafkaPersonaSubmitter implements PersonaSubmitter, AutoCloseable {
  /** The {@code src} of this service's audit events. */
  public static final String AGENT = "agent:generation-service";

  private final KafkaSender<String, byte[]> sender;
  private final KafkaSettings kafka;
  private final WireCodec codec;
  private final Clock clock;

  public KafkaPersonaSubmitter(KafkaSettings kafka, WireCodec codec, Clock clock) {
    this.sender = KafkaSender.create(kafka.senderOptions("generation-service"));
    this.kafka = kafka;
    this.codec = codec;
    this.clock = clock;
  }

  @Override
  public Mono<Void> submit(GenerationRequest request, String generationId, ObjectNode persona) {
    var edit =
        EditRecord.edit(
            request.sessionId(), "agent:generation:" + generationId, 1, request.userId(), clock.millis(), List.of(), persona);
    var record =
        SenderRecord.create(
            new ProducerRecord<>(kafka.topics().edits(), request.sessionId(), codec.writeBytes(edit)), generationId);
    return send(record);
  }

  @Override
  public Mono<Void> event(GenerationRequest request, String type, Map<String, Object> data) {
    ObjectNode event = codec.mapper().createObjectNode();
    event.put("type", type);
    event.set("data", codec.mapper().valueToTree(data));
    var record =
        SenderRecord.create(
            new ProducerRecord<>(
                kafka.topics().edits(),
                request.sessionId(),
                codec.writeBytes(EditRecord.event(request.sessionId(), AGENT, request.userId(), clock.millis(), event))),
            type);
    return send(record);
  }

  private Mono<Void> send(SenderRecord<String, byte[], String> record) {
    return sender.send(Mono.just(record)).next().flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
  }

  @Override
  public void close() {
    sender.close();
  }
}
