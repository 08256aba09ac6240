package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.personacollab.client.DocumentEvent;
import org.personacollab.ot.Component;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import reactor.core.publisher.Mono;

/**
 * {@link ShareDbClient} against the real {@code bench/sharedb/server.js} (skipped when node or
 * {@code npm ci} in bench/sharedb is missing): concurrent typing into one string by three clients
 * converges, every change is acknowledged, and every change reaches the others as REMOTE events.
 */
class ShareDbClientTest {
  private static ShareDbServer server;
  private static URI ws;

  @BeforeAll
  static void start() throws Exception {
    Path repo = Path.of("../..").toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(repo.resolve("bench/sharedb/node_modules/sharedb")), "npm ci in bench/sharedb first");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = ShareDbServer.start(repo, port, Files.createTempFile("sharedb", ".log"), List.of());
    server.awaitReady(Duration.ofSeconds(60));
    ws = URI.create("ws://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void manyClientsInSeveralDocuments_allConnect_andGetTheDocument() throws Exception {
    HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();
    List<ShareDbClient> clients = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      ShareDbClient creator = new ShareDbClient(ws, "doc-many-" + d, true, http);
      creator.connect().block(Duration.ofSeconds(20)); // as CompareBench does: created before the others subscribe
      clients.add(creator);
      for (int i = 1; i < 10; i++) {
        ShareDbClient c = new ShareDbClient(ws, "doc-many-" + d, false, http);
        c.connect();
        clients.add(c);
      }
    }
    for (ShareDbClient c : clients) {
      try {
        c.connect().block(Duration.ofSeconds(20));
      } catch (RuntimeException e) {
        throw new AssertionError("not connected: " + c + "; all: " + clients, e);
      }
      assertThat(c.version()).isEqualTo(1);
      assertThat(c.document()).isEqualTo(Map.of());
    }
    for (ShareDbClient c : clients) c.close().block(Duration.ofSeconds(5));
  }

  @Test
  void concurrentTyping_converges_andEveryChangeIsSeenByTheOthers() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<ShareDbClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) clients.add(new ShareDbClient(ws, "doc-typing", i == 0, http));
    for (ShareDbClient c : clients) c.connect();
    for (ShareDbClient c : clients) c.connect().block(Duration.ofSeconds(20));
    clients.get(0).set(List.of(), JsonCodec.parse("{\"text\":\"\",\"items\":[]}")).block(Duration.ofSeconds(10));
    for (ShareDbClient c : clients) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (c.version() < clients.get(0).version() && System.nanoTime() < deadline) Thread.sleep(5);
    }
    List<ConcurrentLinkedQueue<DocumentEvent>> remote = new ArrayList<>();
    for (ShareDbClient c : clients) {
      ConcurrentLinkedQueue<DocumentEvent> q = new ConcurrentLinkedQueue<>();
      c.changes().subscribe(q::add);
      remote.add(q);
    }

    Random random = new Random(3);
    List<Mono<Void>> outcomes = new ArrayList<>();
    int perClient = 200;
    for (int n = 0; n < perClient; n++) {
      for (int i = 0; i < clients.size(); i++) {
        char ch = (char) ('a' + i);
        outcomes.add(clients.get(i).submitWith(doc -> {
          String text = (String) ((Map<?, ?>) doc).get("text");
          int at = random.nextInt(text.length() + 1);
          return Op.of(new Component.StringInsert(org.personacollab.ot.Path.of("text", at), String.valueOf(ch)));
        }));
      }
      if (n % 20 == 0) Thread.sleep(10);
    }
    for (Mono<Void> m : outcomes) m.block(Duration.ofSeconds(20));
    for (ShareDbClient c : clients) c.whenSynced().block(Duration.ofSeconds(20));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && clients.stream().map(ShareDbClient::version).distinct().count() > 1) Thread.sleep(10);

    Object first = clients.get(0).document();
    String text = (String) ((Map<?, ?>) first).get("text");
    assertThat(text).hasSize(perClient * clients.size());
    for (ShareDbClient c : clients) {
      assertThat(JsonCodec.jsonEquals(c.document(), first)).as("converged").isTrue();
      assertThat(c.gaps.get()).isZero();
    }
    for (int i = 0; i < clients.size(); i++) {
      StringBuilder seen = new StringBuilder();
      for (DocumentEvent e : remote.get(i)) {
        assertThat(e.kind()).isEqualTo(DocumentEvent.Kind.REMOTE);
        for (Component c : e.op().components()) if (c instanceof Component.StringInsert si) seen.append(si.text());
      }
      assertThat(seen.toString()).as("client %d never gets its own changes back", i).doesNotContain(String.valueOf((char) ('a' + i)));
      assertThat(seen.length()).as("client %d saw every change of the others", i).isEqualTo(perClient * (clients.size() - 1));
    }
    for (ShareDbClient c : clients) c.close().block(Duration.ofSeconds(5));
  }
}
