package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.JsonNode;

/** TestSocket against a small reactor-netty WebSocket server with one route per behaviour. */
class TestSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(300);

    /** A text that crosses fragment boundaries inside multi-byte UTF-8 characters (é is 2 bytes, 😀 is 4). */
    private static final String UNICODE = "héllo 😀 wörld";
    private static final String FRAGMENTED_JSON = "{\"type\":\"op\",\"text\":\"" + UNICODE + "\"}";
    private static final String BIG_JSON = "{\"type\":\"snapshot\",\"data\":\"" + "x".repeat(300_000) + "\"}";

    private static final BlockingQueue<String> closesSeenByServer = new LinkedBlockingQueue<>();
    private static DisposableServer server;

    @BeforeAll
    static void startServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .ws("/frames", (in, out) -> out.sendString(Flux.just(
                                        "{\"type\":\"welcome\",\"version\":0}",
                                        "{\"type\":\"presence\",\"user\":\"ann\"}",
                                        "{\"type\":\"op\",\"v\":0}",
                                        "{\"type\":\"op\",\"v\":1}",
                                        "{\"type\":\"op\",\"v\":2}"))
                                .then().then(in.receive().then()))
                        .ws("/echo", (in, out) -> {
                            in.receiveCloseStatus().subscribe(status -> closesSeenByServer.add(status.code() + " " + status.reasonText()));
                            return out.sendString(in.aggregateFrames().receive().asString());
                        })
                        .ws("/fragmented", (in, out) -> out.sendObject(Flux.fromIterable(fragments()))
                                .then().then(in.receive().then()))
                        .ws("/not-json", (in, out) -> out.sendObject(Flux.just(
                                        new TextWebSocketFrame("hello, not json"),
                                        new TextWebSocketFrame("{\"type\":\"half\""),
                                        new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})),
                                        new TextWebSocketFrame("{\"type\":\"after\"}")))
                                .then().then(in.receive().then()))
                        .ws("/close", (in, out) -> out.sendString(Mono.just("{\"type\":\"error\",\"code\":\"UNAUTHORIZED\"}"))
                                .then().then(out.sendClose(4001, "bad token")))
                        .ws("/headers", (in, out) -> out.sendString(Mono.just(
                                        "{\"type\":\"headers\",\"authorization\":\"" + in.headers().get("Authorization")
                                                + "\",\"protocol\":\"" + out.selectedSubprotocol() + "\"}"))
                                .then().then(in.receive().then()),
                                WebsocketServerSpec.builder().protocols("persona.v1").build())
                        .get("/denied", (request, response) -> response.status(401).send()))
                .bindNow();
    }

    /** FRAGMENTED_JSON cut into three frames at byte offsets inside é and inside 😀, then one big frame. */
    private static List<WebSocketFrame> fragments() {
        byte[] bytes = FRAGMENTED_JSON.getBytes(StandardCharsets.UTF_8);
        int insideE = FRAGMENTED_JSON.indexOf('é') + 1;        // ASCII before it: byte offset = char offset
        int insideEmoji = utf8Length(FRAGMENTED_JSON.substring(0, FRAGMENTED_JSON.indexOf("😀"))) + 2;
        return List.of(
                new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, insideE))),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, insideE, insideEmoji))),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, insideEmoji, bytes.length))),
                new TextWebSocketFrame(BIG_JSON));
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @AfterAll
    static void stopServer() {
        server.disposeNow();
    }

    private static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    @Test
    void next_returnsFramesInArrivalOrder() {
        try (TestSocket socket = TestSocket.connect(uri("/frames"), WAIT)) {
            assertThat(socket.next(WAIT).path("type").stringValue()).isEqualTo("welcome");
            assertThat(socket.next(WAIT).path("user").stringValue()).isEqualTo("ann");
            assertThat(socket.next(WAIT).path("v").intValue()).isEqualTo(0);
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void awaitType_takesTheFirstOfItsTypeAndLeavesTheOthersInOrder() {
        try (TestSocket socket = TestSocket.connect(uri("/frames"), WAIT)) {
            JsonNode op = socket.awaitType("op", WAIT);
            List<JsonNode> more = socket.awaitTypes("op", 2, WAIT);

            assertThat(op.path("v").intValue()).isEqualTo(0);
            assertThat(more).extracting(n -> n.path("v").intValue()).containsExactly(1, 2);
            assertThat(socket.next(WAIT).path("type").stringValue()).isEqualTo("welcome");
            assertThat(socket.next(WAIT).path("type").stringValue()).isEqualTo("presence");
            assertThat(socket.received()).extracting(n -> n.path("type").stringValue())
                    .containsExactly("welcome", "presence", "op", "op", "op");
            assertThat(socket.receivedRaw()).first().isEqualTo("{\"type\":\"welcome\",\"version\":0}");
        }
    }

    @Test
    void awaitType_timeout_failsAndShowsWhatArrived() {
        try (TestSocket socket = TestSocket.connect(uri("/frames"), WAIT)) {
            socket.awaitTypes("op", 3, WAIT);

            long start = System.nanoTime();
            assertThatThrownBy(() -> socket.awaitType("generation_chunk", SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Timed out after 300 ms waiting for a message of type \"generation_chunk\"")
                    .hasMessageContaining("not yet taken (2): [#0 {\"type\":\"welcome\",\"version\":0}, #1 {\"type\":\"presence\"")
                    .hasMessageContaining("received in all (5)")
                    .hasMessageContaining("#4 {\"type\":\"op\",\"v\":2}");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT.toMillis());
        }
    }

    @Test
    void awaitTypes_notEnough_failsWithTheCount() {
        try (TestSocket socket = TestSocket.connect(uri("/frames"), WAIT)) {
            assertThatThrownBy(() -> socket.awaitTypes("op", 4, SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Got 3 of 4 messages of type \"op\" within 300 ms.");
        }
    }

    @Test
    void fragmentedAndLargeMessages_areReassembledBeforeParsing() {
        try (TestSocket socket = TestSocket.connect(uri("/fragmented"), WAIT)) {
            JsonNode op = socket.next(WAIT);
            JsonNode snapshot = socket.awaitType("snapshot", WAIT);

            assertThat(op.path("text").stringValue()).isEqualTo(UNICODE);
            assertThat(socket.receivedRaw()).containsExactly(FRAGMENTED_JSON, BIG_JSON);
            assertThat(snapshot.path("data").stringValue()).hasSize(300_000);
            assertThat(socket.nonJsonFrames()).isEmpty();
        }
    }

    @Test
    void nonJsonFrames_areRecordedAndFailTheReader() {
        try (TestSocket socket = TestSocket.connect(uri("/not-json"), WAIT)) {
            assertThatThrownBy(() -> socket.next(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("not JSON")
                    .hasMessageContaining("hello, not json");
            assertThatThrownBy(() -> socket.awaitType("after", WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("{\"type\":\"half\"");
            assertThatThrownBy(() -> socket.next(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("binary frame");

            assertThat(socket.next(WAIT).path("type").stringValue()).isEqualTo("after");
            assertThat(socket.nonJsonFrames()).containsExactly("hello, not json", "{\"type\":\"half\"", "<binary frame>");
            assertThat(socket.received()).extracting(n -> n.path("type").stringValue()).containsExactly("after");
        }
    }

    @Test
    void nextRaw_takesAnyMessage() {
        try (TestSocket socket = TestSocket.connect(uri("/not-json"), WAIT)) {
            assertThat(socket.nextRaw(WAIT)).isEqualTo("hello, not json");
            assertThat(socket.nextRaw(WAIT)).isEqualTo("{\"type\":\"half\"");
        }
    }

    @Test
    void serverClose_codeAndReasonReported_andWaitsEndEarly() {
        try (TestSocket socket = TestSocket.connect(uri("/close"), WAIT)) {
            assertThat(socket.awaitType("error", WAIT).path("code").stringValue()).isEqualTo("UNAUTHORIZED");

            assertThat(socket.awaitClose(WAIT)).isEqualTo(new TestSocket.CloseStatus(4001, "bad token"));
            assertThat(socket.isOpen()).isFalse();
            long start = System.nanoTime();
            assertThatThrownBy(() -> socket.awaitType("welcome", WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("closed (4001 \"bad token\") while waiting for a message of type \"welcome\"");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(WAIT.toMillis() / 2);
            assertThatThrownBy(() -> socket.send("{}")).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void serverDrop_withoutCloseFrame_reportedAsAbnormal() throws Exception {
        try (DroppingServer dropper = new DroppingServer("{\"type\":\"bye\"}");
             TestSocket socket = TestSocket.connect(dropper.uri(), WAIT)) {
            assertThat(socket.awaitType("bye", WAIT)).isNotNull();
            socket.send("{\"type\":\"thanks\"}"); // the server drops the connection on this

            TestSocket.CloseStatus status = socket.awaitClose(WAIT);

            assertThat(status.code()).isEqualTo(TestSocket.CloseStatus.ABNORMAL);
            assertThat(socket.isOpen()).isFalse();
        }
    }

    @Test
    void awaitClose_serverKeepsOpen_timesOut() {
        try (TestSocket socket = TestSocket.connect(uri("/frames"), WAIT)) {
            assertThatThrownBy(() -> socket.awaitClose(SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not close")
                    .hasMessageContaining("Socket open");
        }
    }

    @Test
    void sendAndSendJson_echoed() {
        try (TestSocket socket = TestSocket.connect(uri("/echo"), WAIT)) {
            socket.send("{\"type\":\"ping\"}");
            socket.sendJson(Map.of("type", "edit", "path", "demographics.age", "value", 34));
            socket.sendFragments("{\"type\":\"op\",", "\"seq\":", "7}");

            assertThat(socket.awaitType("ping", WAIT)).isNotNull();
            JsonNode edit = socket.awaitType("edit", WAIT);
            assertThat(edit.path("path").stringValue()).isEqualTo("demographics.age");
            assertThat(edit.path("value").intValue()).isEqualTo(34);
            assertThat(socket.awaitType("op", WAIT).path("seq").intValue()).isEqualTo(7);
        }
    }

    @Test
    void close_sendsNormalClosureToTheServer() throws InterruptedException {
        closesSeenByServer.clear();
        TestSocket socket = TestSocket.connect(uri("/echo"), WAIT);
        assertThat(socket.isOpen()).isTrue();

        socket.close();
        socket.close(); // idempotent

        assertThat(closesSeenByServer.poll(5, TimeUnit.SECONDS)).isEqualTo("1000 ");
        assertThat(socket.isOpen()).isFalse();
    }

    @Test
    void connect_headersAndSubprotocolReachTheServer() {
        try (TestSocket socket = TestSocket.connect(uri("/headers"), WAIT,
                Map.of("Authorization", "Bearer abc"), List.of("persona.v1"))) {
            JsonNode headers = socket.awaitType("headers", WAIT);

            assertThat(headers.path("authorization").stringValue()).isEqualTo("Bearer abc");
            assertThat(headers.path("protocol").stringValue()).isEqualTo("persona.v1");
            assertThat(socket.subprotocol()).isEqualTo("persona.v1");
        }
    }

    @Test
    void connect_rejectedHandshake_carriesTheStatus() {
        assertThatThrownBy(() -> TestSocket.connect(uri("/denied"), WAIT))
                .isInstanceOfSatisfying(TestSocket.HandshakeRejected.class, e -> assertThat(e.statusCode()).isEqualTo(401))
                .hasMessageContaining("rejected with HTTP 401");
    }

    @Test
    void connect_nothingListening_failsClearly() {
        URI nowhere = URI.create("ws://127.0.0.1:" + EmbeddedRedis.freePort() + "/ws");

        assertThatThrownBy(() -> TestSocket.connect(nowhere, WAIT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cannot connect a WebSocket to " + nowhere);
    }

    /**
     * Accepts one WebSocket upgrade over plain TCP, sends one text frame and closes the TCP
     * connection without a close frame: a dropped connection, made deterministic (a reactor-netty
     * handler that disposes its connection races with the close frame netty sends itself).
     */
    private static final class DroppingServer implements AutoCloseable {
        private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        private final Thread thread;

        DroppingServer(String text) throws java.io.IOException {
            thread = new Thread(() -> serveOnce(text), "dropping-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/drop");
        }

        private void serveOnce(String text) {
            try (java.net.Socket socket = listener.accept()) {
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                String key = null;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) key = line.substring(18).trim();
                }
                String accept = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
                var out = socket.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                byte[] payload = text.getBytes(StandardCharsets.UTF_8);
                out.write(new byte[] {(byte) 0x81, (byte) payload.length}); // FIN + text, short unmasked length
                out.write(payload);
                out.flush();
                // Drop only once the client is surely open (it answers the frame), so that the
                // drop is not the JDK client's open racing with its end of input.
                socket.getInputStream().read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(WAIT.toMillis());
        }
    }
}
