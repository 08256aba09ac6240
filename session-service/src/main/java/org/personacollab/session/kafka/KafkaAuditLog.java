package org.personacollab.session.kafka;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.session.domain.AuditEntry;
import org.personacollab.session.domain.AuditLog;
import org.personacollab.session.domain.SessionService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@link AuditEntry}s to {@code persona.edits}, keyed by session id, so that the sequencer
 * puts them into the session's order and its hash-chained audit log (ADR 8):
 *
 * <ul>
 *   <li>an event as {@code EditRecord.event(sessionId, "agent:session-service", actor, ts,
 *       {"type": …, "data": {…}})};
 *   <li>the persona a session starts from as {@code EditRecord.edit(sessionId,
 *       "agent:session-service", 1, facilitator, ts, [], persona)}: a whole-document replace,
 *       the session's first change ({@code seq} 1 of this agent in that session, sent once).
 * </ul>
 *
 * The producer is the platform's idempotent one ({@code acks=all}); entries of one call are sent
 * in order to one partition, so they keep their order.
 */
public final class KafkaAuditLog implements AuditLog, AutoCloseable {
  private final KafkaSender<String, byte[]> sender;
  private final KafkaSettings kafka;
  private final WireCodec codec;

  public KafkaAuditLog(KafkaSettings kafka, WireCodec codec) {
    this.sender = KafkaSender.create(kafka.senderOptions("session-service"));
    this.kafka = kafka;
    this.codec = codec;
  }

  @Override
  public Mono<Void> append(List<AuditEntry> entries) {
    if (entries.isEmpty()) return Mono.empty();
    Flux<SenderRecord<String, byte[], String>> records =
        Flux.fromIterable(entries)
            .map(entry -> SenderRecord.create(
                new ProducerRecord<>(kafka.topics().edits(), entry.sessionId(), codec.writeBytes(toRecord(entry))), entry.sessionId()));
    return sender.send(records)
        .concatMap(result -> result.exception() == null ? Mono.<Void>empty() : Mono.error(result.exception()))
        .then()
        // reactor-kafka builds the KafkaProducer on the thread that first subscribes: keep that
        // (and any wait for the broker's metadata) off the Redis and HTTP event loops.
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** The record an entry becomes. */
  EditRecord toRecord(AuditEntry entry) {
    if (entry instanceof AuditEntry.Event e) {
      ObjectNode event = codec.mapper().createObjectNode();
      event.put("type", e.type());
      event.set("data", codec.mapper().valueToTree(e.data()));
      return EditRecord.event(e.sessionId(), SessionService.AGENT, e.actor(), e.at().toEpochMilli(), event);
    }
    AuditEntry.InitialDocument d = (AuditEntry.InitialDocument) entry;
    return EditRecord.edit(d.sessionId(), SessionService.AGENT, 1, d.userId(), d.at().toEpochMilli(), List.of(), d.persona());
  }

  @Override
  public void close() {
    sender.close();
  }
}
