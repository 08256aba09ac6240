package org.personacollab.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A keep-alive connection on which a request arrives while the previous exchange is still
 * running (here: two requests in one write, the first answered after 50 ms, the second at once)
 * must go on answering requests. Reactor Netty 1.3.6 alone does not (reactor-netty #4361): the
 * third request is never read.
 */
class KeepAliveGuardTest {
  private static final String SLOW = "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n";
  private static final String FAST = "GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n";

  @Test
  void withTheGuard_everyRequestOnTheConnectionIsAnswered() throws IOException {
    DisposableServer server = serve(true);
    try {
      for (int round = 0; round < 20; round++) {
        assertThat(threeRequests(server.port())).as("round %d: responses to the three requests", round).isEqualTo(3);
      }
    } finally {
      server.disposeNow();
    }
  }

  @Test
  void withoutTheGuard_theThirdRequestIsNeverAnswered() throws IOException {
    // The bug this guard works around; when this fails, Reactor Netty has the fix (#4347) and the
    // guard (and this test) can go.
    DisposableServer server = serve(false);
    try {
      assertThat(threeRequests(server.port())).as("responses to the three requests").isEqualTo(2);
    } finally {
      server.disposeNow();
    }
  }

  /** A WebFlux handler on Reactor Netty, as the services run, with or without the guard. */
  private static DisposableServer serve(boolean guarded) {
    HttpHandler handler = WebHttpHandlerBuilder.webHandler(KeepAliveGuardTest::answer).build();
    HttpServer server = HttpServer.create().host("127.0.0.1").port(0);
    if (guarded) server = new KeepAliveGuard().apply(server);
    return server.handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
  }

  private static Mono<Void> answer(ServerWebExchange exchange) {
    DataBuffer ok = exchange.getResponse().bufferFactory().wrap("ok".getBytes(StandardCharsets.US_ASCII));
    exchange.getResponse().getHeaders().setContentLength(2);
    Mono<DataBuffer> body = Mono.just(ok);
    if (exchange.getRequest().getPath().value().equals("/slow")) body = body.delayElement(Duration.ofMillis(50));
    return exchange.getResponse().writeWith(body);
  }

  /** Two requests in one write, then a third after both answers: how many answers came (2 s each at most). */
  private static int threeRequests(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write((SLOW + FAST).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      int answered = 0;
      try {
        answered += readResponses(in, 2);
        out.write(FAST.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        answered += readResponses(in, 1);
      } catch (SocketTimeoutException noAnswer) {
        // counted below
      }
      return answered;
    }
  }

  /** Reads {@code count} responses with a body of "ok" each; returns how many were complete. */
  private static int readResponses(InputStream in, int count) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int complete = 0;
    while (complete < count) {
      int b = in.read();
      if (b < 0) return complete;
      seen.write(b);
      String text = seen.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\nok")) {
        complete++;
        seen.reset();
      }
    }
    return complete;
  }
}
