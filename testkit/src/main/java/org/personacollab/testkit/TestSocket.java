package org.personacollab.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client for integration tests, on the JDK's {@link java.net.http.WebSocket}.
 *
 * <p>Every text message (partial frames reassembled) is kept: in arrival order in {@link #received()}
 * / {@link #receivedRaw()}, and in a mailbox that the {@code next}/{@code await} methods take from.
 * {@link #awaitType(String, Duration)} is a selective receive: it takes the oldest message of that
 * type and leaves the others in the mailbox, in order, for later calls. A message that is not JSON
 * (or a binary frame) is recorded in {@link #nonJsonFrames()} and makes {@code next}, {@code awaitType}
 * and {@code awaitTypes} fail when they reach it: a server must only send JSON. Waits end early, with
 * an {@link AssertionError} that lists what did arrive, when the time is up or the server has closed.
 *
 * <pre>{@code
 * try (TestSocket socket = TestSocket.connect(uri, Duration.ofSeconds(5))) {
 *     socket.sendJson(Map.of("type", "hello", "protocol", 1));
 *     JsonNode welcome = socket.awaitType("welcome", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Thread-safe. One shared {@link HttpClient} (daemon threads) serves all sockets.
 */
public final class TestSocket implements AutoCloseable {

    /** The code and reason of a close frame; 1006 with the error as reason when the connection broke. */
    public record CloseStatus(int code, String reason) {
        public static final int ABNORMAL = 1006;
    }

    /** The server refused the WebSocket handshake with an HTTP status (e.g. 401 for a bad token). */
    public static final class HandshakeRejected extends AssertionError {
        private static final long serialVersionUID = 1L;
        private final int statusCode;

        HandshakeRejected(URI uri, int statusCode, Throwable cause) {
            super("WebSocket handshake to " + uri + " was rejected with HTTP " + statusCode, cause);
            this.statusCode = statusCode;
        }

        public int statusCode() {
            return statusCode;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int SHOWN_FRAMES = 20;
    private static final int SHOWN_CHARS = 300;
    /** How often {@link #awaitClose} checks that a silent connection is still there. */
    private static final long PROBE_MILLIS = 250;

    /** One complete message as received; {@code json} is null when it did not parse. */
    private record Frame(int index, String raw, @Nullable JsonNode json, @Nullable String error) {
        boolean isJson() {
            return json != null;
        }

        boolean hasType(String type) {
            return json != null && json.path("type").isString() && json.path("type").stringValue().equals(type);
        }

        String brief() {
            String text = raw.length() > SHOWN_CHARS ? raw.substring(0, SHOWN_CHARS) + "…(" + raw.length() + " chars)" : raw;
            return "#" + index + (json == null ? " NOT JSON (" + error + "): " : " ") + text;
        }
    }

    private final URI uri;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: a liveness ping is on its way. */
    private boolean probing;
    private final Object sendLock = new Object();
    private final List<Frame> all = new ArrayList<>();
    private final List<Frame> mailbox = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private @Nullable CloseStatus closeStatus;
    private volatile @Nullable WebSocket webSocket;

    private TestSocket(URI uri) {
        this.uri = uri;
    }

    /** Connects and returns once the handshake is done. */
    public static TestSocket connect(URI uri, Duration timeout) {
        return connect(uri, timeout, Map.of(), List.of());
    }

    /**
     * Connects with extra handshake headers, e.g. {@code Map.of("Authorization", "Bearer " + token)}.
     * The JDK refuses to set {@code Sec-WebSocket-*}, {@code Connection}, {@code Upgrade} and
     * {@code Host}; subprotocols go through {@link #connect(URI, Duration, Map, List)}.
     */
    public static TestSocket connect(URI uri, Duration timeout, Map<String, String> headers) {
        return connect(uri, timeout, headers, List.of());
    }

    /**
     * Connects with extra headers and the subprotocols to offer in {@code Sec-WebSocket-Protocol},
     * most preferred first; {@link #subprotocol()} tells which one the server chose.
     *
     * @throws HandshakeRejected if the server answers the upgrade with an HTTP error status
     * @throws AssertionError if the connection fails otherwise or takes longer than the timeout
     */
    public static TestSocket connect(URI uri, Duration timeout, Map<String, String> headers, List<String> subprotocols) {
        TestSocket socket = new TestSocket(uri);
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(timeout);
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        try {
            socket.webSocket = builder.buildAsync(uri, socket.new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return socket;
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException handshake) {
                throw new HandshakeRejected(uri, handshake.getResponse().statusCode(), handshake);
            }
            throw new AssertionError("Cannot connect a WebSocket to " + uri + ": " + cause, cause);
        }
        catch (TimeoutException e) {
            throw new AssertionError("No WebSocket handshake with " + uri + " within " + timeout, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while connecting to " + uri, e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** The subprotocol the server selected, or {@code ""} if none. */
    public String subprotocol() {
        return requireSocket().getSubprotocol();
    }

    /** Sends one text message and waits until it is written. */
    public void send(String text) {
        sendParts(List.of(text));
    }

    /** Serializes the value with Jackson (a {@link JsonNode}, a {@code Map}, a record…) and sends it. */
    public void sendJson(Object value) {
        String text;
        try {
            text = JSON.writeValueAsString(value);
        }
        catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot serialize " + value.getClass().getName() + " to JSON: " + e.getMessage(), e);
        }
        send(text);
    }

    /**
     * Sends one text message as several frames (a first frame and continuations), for testing a
     * server's reassembly. The message is the concatenation of the parts.
     */
    public void sendFragments(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("sendFragments needs at least one part");
        }
        sendParts(List.of(parts));
    }

    /** Sends one binary message and waits until it is written. */
    public void sendBinary(byte[] data) {
        WebSocket ws = requireSocket();
        synchronized (sendLock) {
            try {
                ws.sendBinary(java.nio.ByteBuffer.wrap(data), true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (ExecutionException e) {
                throw new AssertionError("Cannot send to " + uri + " (" + state() + "): " + e.getCause(), e.getCause());
            }
            catch (TimeoutException e) {
                throw new AssertionError("Send to " + uri + " not written within " + SEND_TIMEOUT, e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while sending to " + uri, e);
            }
        }
    }

    private void sendParts(List<String> parts) {
        WebSocket ws = requireSocket();
        synchronized (sendLock) { // the JDK allows one outstanding send at a time
            for (int i = 0; i < parts.size(); i++) {
                boolean last = i == parts.size() - 1;
                try {
                    ws.sendText(parts.get(i), last).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (ExecutionException e) {
                    throw new AssertionError("Cannot send to " + uri + " (" + state() + "): " + e.getCause(), e.getCause());
                }
                catch (TimeoutException e) {
                    throw new AssertionError("Send to " + uri + " not written within " + SEND_TIMEOUT, e);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted while sending to " + uri, e);
                }
            }
        }
    }

    /**
     * Takes the oldest message from the mailbox.
     *
     * @throws AssertionError if none arrives within the timeout, the socket closes first, or the
     *         message is not JSON
     */
    public JsonNode next(Duration timeout) {
        Frame frame = take(f -> true, "the next message", timeout);
        return jsonOf(frame);
    }

    /** Takes the oldest message from the mailbox as text, JSON or not. */
    public String nextRaw(Duration timeout) {
        synchronized (lock) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (mailbox.isEmpty()) {
                waitOrFail("the next message", deadline, timeout);
            }
            return mailbox.remove(0).raw();
        }
    }

    /**
     * Takes the oldest message whose {@code "type"} is the given one; messages of other types stay in
     * the mailbox, in order.
     *
     * @throws AssertionError if none arrives within the timeout or before the socket closes, or a
     *         message that is not JSON arrived
     */
    public JsonNode awaitType(String type, Duration timeout) {
        return jsonOf(take(f -> f.hasType(type), "a message of type \"" + type + "\"", timeout));
    }

    /** Takes the {@code count} oldest messages of the type, in arrival order, within one timeout. */
    public List<JsonNode> awaitTypes(String type, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> found = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                found.add(jsonOf(take(f -> f.hasType(type), "a message of type \"" + type + "\"", left)));
            }
            catch (AssertionError e) {
                throw new AssertionError("Got " + found.size() + " of " + count + " messages of type \"" + type
                        + "\" within " + timeout.toMillis() + " ms. " + e.getMessage(), e);
            }
        }
        return found;
    }

    /** Every JSON message received so far, in arrival order, whether taken from the mailbox or not. */
    public List<JsonNode> received() {
        synchronized (lock) {
            return all.stream().filter(Frame::isJson).map(f -> (JsonNode) f.json()).toList();
        }
    }

    /** Every message received so far as text, in arrival order (binary frames described, not decoded). */
    public List<String> receivedRaw() {
        synchronized (lock) {
            return all.stream().map(Frame::raw).toList();
        }
    }

    /** The messages that did not parse as JSON, in arrival order; empty for a well-behaved server. */
    public List<String> nonJsonFrames() {
        synchronized (lock) {
            return all.stream().filter(f -> !f.isJson()).map(Frame::raw).toList();
        }
    }

    /**
     * Waits for the connection to close (a close frame from the server, or a broken connection,
     * reported as code 1006) and returns the code and reason.
     *
     * <p>While it waits it pings the server every {@value #PROBE_MILLIS} ms: the JDK client does
     * not always report a TCP connection the server dropped without a close frame, but a write to
     * it fails, and that failure is reported as 1006.
     */
    public CloseStatus awaitClose(Duration timeout) {
        synchronized (lock) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (closeStatus == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("The server did not close " + uri + " within " + timeout.toMillis() + " ms. " + history());
                }
                waitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS)));
                if (closeStatus == null) {
                    probe();
                }
            }
            return closeStatus;
        }
    }

    /** Sends a ping unless one is on its way; a failed write means the connection is gone. */
    private void probe() {
        WebSocket ws = webSocket;
        if (ws == null || ws.isOutputClosed() || probing) {
            return;
        }
        probing = true;
        ws.sendPing(ByteBuffer.allocate(0)).whenComplete((sent, error) -> {
            synchronized (lock) {
                probing = false;
            }
            if (error != null) {
                closed(new CloseStatus(CloseStatus.ABNORMAL, "connection lost: " + error));
            }
        });
    }

    /** Whether the connection is open in both directions. */
    public boolean isOpen() {
        WebSocket ws = webSocket;
        synchronized (lock) {
            return closeStatus == null && ws != null && !ws.isInputClosed() && !ws.isOutputClosed();
        }
    }

    /**
     * Sends a normal close (1000) if the socket is open, waits briefly for the server's close, then
     * drops the connection. Safe to call more than once.
     */
    @Override
    public void close() {
        WebSocket ws = webSocket;
        if (ws == null) {
            return;
        }
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            catch (ExecutionException | TimeoutException e) {
                // Already closing or broken; abort below.
            }
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (closeStatus == null && System.nanoTime() < deadline) {
                waitNanos(deadline - System.nanoTime());
            }
        }
        ws.abort();
    }

    @Override
    public String toString() {
        return "TestSocket[" + uri + ", " + state() + "]";
    }

    private WebSocket requireSocket() {
        WebSocket ws = webSocket;
        if (ws == null) {
            throw new IllegalStateException("not connected: " + uri);
        }
        return ws;
    }

    private Frame take(Predicate<Frame> wanted, String what, Duration timeout) {
        synchronized (lock) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (int i = 0; i < mailbox.size(); i++) {
                    Frame frame = mailbox.get(i);
                    if (!frame.isJson()) {
                        mailbox.remove(i);
                        throw new AssertionError("While waiting for " + what + " from " + uri
                                + ", the server sent a message that is not JSON: " + frame.brief() + ". " + history());
                    }
                    if (wanted.test(frame)) {
                        return mailbox.remove(i);
                    }
                }
                waitOrFail(what, deadline, timeout);
            }
        }
    }

    /** Called with the lock held: waits for news, or fails if the socket closed or time is up. */
    private void waitOrFail(String what, long deadline, Duration timeout) {
        if (closeStatus != null) {
            throw new AssertionError("The connection to " + uri + " closed (" + closeStatus.code() + " \""
                    + closeStatus.reason() + "\") while waiting for " + what + ". " + history());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what + " from "
                    + uri + ". " + history());
        }
        waitNanos(left);
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting on " + uri, e);
        }
    }

    private static JsonNode jsonOf(Frame frame) {
        if (frame.json() == null) {
            throw new AssertionError("The server sent a message that is not JSON: " + frame.brief());
        }
        return frame.json();
    }

    private String state() {
        synchronized (lock) {
            return closeStatus == null ? "open" : "closed " + closeStatus.code() + " \"" + closeStatus.reason() + "\"";
        }
    }

    /** Called with the lock held: what arrived, for failure messages. */
    private String history() {
        StringBuilder text = new StringBuilder();
        text.append("Socket ").append(closeStatus == null ? "open" : "closed (" + closeStatus.code() + " \"" + closeStatus.reason() + "\")");
        text.append("; not yet taken (").append(mailbox.size()).append("): ").append(describe(mailbox));
        text.append("; received in all (").append(all.size()).append("): ").append(describe(all));
        return text.toString();
    }

    private static String describe(List<Frame> frames) {
        if (frames.isEmpty()) {
            return "none";
        }
        List<Frame> shown = frames.size() > SHOWN_FRAMES ? frames.subList(frames.size() - SHOWN_FRAMES, frames.size()) : frames;
        StringBuilder text = new StringBuilder(frames.size() > SHOWN_FRAMES ? "…, " : "");
        for (int i = 0; i < shown.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(shown.get(i).brief());
        }
        return "[" + text + "]";
    }

    private void record(String raw, @Nullable JsonNode json, @Nullable String error) {
        synchronized (lock) {
            Frame frame = new Frame(all.size(), raw, json, error);
            all.add(frame);
            mailbox.add(frame);
            lock.notifyAll();
        }
    }

    private void closed(CloseStatus status) {
        synchronized (lock) {
            if (closeStatus == null) {
                closeStatus = status;
            }
            lock.notifyAll();
        }
    }

    /**
     * Receives on the HttpClient's threads; never blocks. Asks for everything at once: everything
     * received is queued anyway, and JDK 17's client throws {@code InternalError} instead of
     * reporting a dropped connection when the drop arrives while no demand is outstanding.
     */
    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(Long.MAX_VALUE);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String message;
            synchronized (partial) {
                partial.append(data);
                if (!last) {
                    return null;
                }
                message = partial.toString();
                partial.setLength(0);
            }
            JsonNode json = null;
            String error = null;
            try {
                json = JSON.readTree(message);
                if (json == null || json.isMissingNode()) {
                    json = null;
                    error = "empty message";
                }
            }
            catch (JacksonException e) {
                error = e.getOriginalMessage();
            }
            record(message, json, error);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (last) {
                record("<binary frame>", null, "binary frame, expected JSON text");
            }
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed(new CloseStatus(statusCode, reason));
            return null; // the JDK then answers with a close frame of the same code
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed(new CloseStatus(CloseStatus.ABNORMAL, "connection failed: " + error));
        }
    }
}
