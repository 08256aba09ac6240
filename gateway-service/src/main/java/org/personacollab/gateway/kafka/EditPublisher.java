package org.personacollab.gateway.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;

/** Produces client edits to {@code persona.edits}, keyed by session id (one partition per session). */
public final class EditPublisher implements AutoCloseable {
  private final KafkaSender<String, byte[]> sender;
  private final KafkaSettings kafka;
  private final WireCodec codec;

  public EditPublisher(KafkaSettings kafka, WireCodec codec) {
    this.sender = KafkaSender.create(kafka.senderOptions("gateway"));
    this.kafka = kafka;
    this.codec = codec;
  }

  /** Completes when the broker has the edit (acks=all); errors if it could not be written. */
  public Mono<Void> publish(EditRecord edit) {
    var record =
        SenderRecord.create(
            new ProducerRecord<>(kafka.topics().edits(), edit.sessionId(), codec.writeBytes(edit)), edit.seq());
    return sender.send(Mono.just(record)).next().flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
  }

  @Override
  public void close() {
    sender.close();
  }
}
