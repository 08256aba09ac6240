package org.personacollab.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.node.StringNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.config.PersonaProperties;
import org.personacollab.platform.kafka.KafkaSettings;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;

/**
 * The restore call promises an answer within its timeout: with no broker behind the bootstrap
 * address, every blocking step (metadata, end offsets, send, close) is bounded by the deadline, so
 * the caller gets {@code unavailable} instead of a request that hangs past the HTTP client's patience.
 */
class RestoreSubmitterTest {

  @Test
  void noBroker_answersUnavailable_withinTheTimeoutAndTheCloseBound() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    KafkaSettings settings = new KafkaSettings(new PersonaProperties.Kafka("127.0.0.1:" + port, "persona.", 1, (short) 1, true,
        Duration.ofSeconds(1), Duration.ofMillis(5)));
    EditRecord edit = EditRecord.edit("s1", "agent:restore", 1, "dev:alice", System.currentTimeMillis(), List.of("title"),
        StringNode.valueOf("Restored"));
    Duration timeout = Duration.ofSeconds(2);

    try (RestoreSubmitter submitter = new RestoreSubmitter(settings, new WireCodec())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> submitter.submit(edit, timeout))
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // before the fix: metadata and end offsets each waited the whole timeout, close() up to 30 s
      assertThat(took).isLessThan(timeout.plus(RestoreSubmitter.MAX_BLOCK).plusSeconds(1));
      assertThat(took).isGreaterThanOrEqualTo(timeout.minusMillis(100));
    }
  }
}
