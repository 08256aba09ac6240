package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.personacollab.client.ScriptedServer.Socket;
import org.personacollab.ot.Op;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Timers on virtual time: frames travel on real sockets, but every delay of the client (retry,
 * backoff, heartbeat) runs on a {@link VirtualTimeScheduler} the test advances, so a minute-long
 * {@code retryAfter} is checked in milliseconds.
 */
class VirtualTimeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final ScriptedServer server = new ScriptedServer();
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private PersonaClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
      time.advanceTimeBy(Duration.ofSeconds(5));
    }
    server.close();
    time.dispose();
  }

  private Socket connected(Duration heartbeat) throws InterruptedException {
    client = PersonaClient.builder(server.uri(), "s1")
        .timer(time)
        .heartbeat(heartbeat)
        .reconnectBackoff(Duration.ofSeconds(10), Duration.ofSeconds(60))
        .build();
    Mono<Void> connect = client.connect();
    Socket s = server.accept();
    s.welcome("c1", 0, "{\"name\":\"Ada\"}");
    StepVerifier.create(connect).expectComplete().verify(WAIT);
    return s;
  }

  @Test
  void rateLimited_withRetryAfter_resendsExactlyWhenItIsDue() throws InterruptedException {
    Socket s = connected(Duration.ofHours(1));
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    assertThat(s.take().get("seq").asLong()).isEqualTo(1);
    s.nack(1, "rate_limited", 60_000L);
    Thread.sleep(100); // let the nack arrive

    time.advanceTimeBy(Duration.ofSeconds(59));
    assertThat(s.poll(Duration.ofMillis(200))).as("nothing before retryAfter").isNull();

    time.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(s.take().get("seq").asLong()).isEqualTo(1);
    StepVerifier.create(submit).then(() -> s.op(0, "c1", 1, "[{\"p\":[\"name\",0],\"si\":\"x\"}]", "u"))
        .expectComplete().verify(WAIT);
  }

  @Test
  void reconnect_waitsForTheBackoff() throws InterruptedException {
    Socket s = connected(Duration.ofHours(1));
    s.close(1012, "restart");
    awaitState(ConnectionState.RECONNECTING);

    // Attempt 0 waits between half and all of the 10 s minimum.
    time.advanceTimeBy(Duration.ofMillis(4_900));
    assertThat(server.poll(Duration.ofMillis(200))).as("no reconnect before half the minimum backoff").isNull();
    time.advanceTimeBy(Duration.ofMillis(5_200));
    assertThat(server.poll(WAIT)).as("a reconnect once the backoff is over").isNotNull();
  }

  @Test
  void heartbeat_pingsEveryPeriod_andDropsASilentSocketAfterTwo() throws InterruptedException {
    Socket s = connected(Duration.ofSeconds(20));
    time.advanceTimeBy(Duration.ofSeconds(20));
    assertThat(s.take().toString()).isEqualTo("{\"type\":\"ping\"}");
    s.send("{\"type\":\"pong\"}");
    Thread.sleep(100);
    time.advanceTimeBy(Duration.ofSeconds(20));
    assertThat(s.take().toString()).as("the pong kept it alive").isEqualTo("{\"type\":\"ping\"}");
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);

    time.advanceTimeBy(Duration.ofSeconds(20));
    awaitState(ConnectionState.RECONNECTING);
  }

  @Test
  void unansweredHello_isGivenUp_andTheNextWelcomeIsTakenAsIs() throws InterruptedException {
    Socket s = connected(Duration.ofSeconds(20));
    Mono<Void> submit = client.submit(Op.parse("[{\"p\":[\"name\",0],\"si\":\"x\"}]"));
    s.take();
    s.close(1012, "restart");
    awaitState(ConnectionState.RECONNECTING);
    time.advanceTimeBy(Duration.ofSeconds(10));
    Socket s2 = server.accept();
    s2.welcome("c2", 4, "{\"name\":\"Bo\"}");
    assertThat(s2.take().get("type").asString()).isEqualTo("hello");

    // The server keeps the socket alive (pong) but never answers the hello.
    time.advanceTimeBy(Duration.ofSeconds(20));
    assertThat(s2.take().get("type").asString()).isEqualTo("ping");
    s2.send("{\"type\":\"pong\"}");
    Thread.sleep(100);
    time.advanceTimeBy(Duration.ofSeconds(20));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!s2.clientGone && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(s2.clientGone).as("the client gave the socket up").isTrue();
    Thread.sleep(100); // the reconnect timer is set right after the socket is dropped
    // The second socket never got in sync, so this is the second attempt in a row: 10 to 20 s.
    time.advanceTimeBy(Duration.ofSeconds(20));

    Socket s3 = server.accept();
    s3.welcome("c3", 5, "{\"name\":\"Cy\"}");
    StepVerifier.create(submit).expectError(ChangeLostException.class).verify(WAIT);
    assertThat(s3.poll(Duration.ofMillis(200))).as("no second hello").isNull();
    assertThat(client.clientId()).isEqualTo("c3");
    assertThat(client.version()).isEqualTo(5);
  }

  private void awaitState(ConnectionState expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (client.state() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(client.state()).isEqualTo(expected);
  }
}
