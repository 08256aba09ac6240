package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real probes against fake servers on loopback and on unix sockets in a temporary folder. */
class SystemProbesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path dir;

    @AfterEach
    void releaseServers() {
        release.countDown();
    }

    /** A one-connection TCP server that reads a line and answers with the function's reply (or stays silent on null). */
    private int fakeTcpServer(Function<String, String> reply) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (server; Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    line.append((char) c);
                }
                String answer = reply.apply(line.toString().strip());
                if (answer != null) {
                    OutputStream out = socket.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                release.await(10, TimeUnit.SECONDS);
            }
            catch (IOException | InterruptedException e) {
                // test over
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void redisAnswers_pong_true() throws IOException {
        int port = fakeTcpServer(line -> line.equals("PING") ? "+PONG\r\n" : "-ERR unknown\r\n");

        assertThat(SystemProbes.redisAnswers("127.0.0.1", port, TIMEOUT)).isTrue();
    }

    @Test
    void redisAnswers_noAuth_false() throws IOException {
        int port = fakeTcpServer(line -> "-NOAUTH Authentication required.\r\n");

        assertThat(SystemProbes.redisAnswers("127.0.0.1", port, TIMEOUT)).isFalse();
    }

    @Test
    void redisAnswers_silentServer_falseWithinTheTimeout() throws IOException {
        int port = fakeTcpServer(line -> null);

        long start = System.nanoTime();
        boolean answers = SystemProbes.redisAnswers("127.0.0.1", port, TIMEOUT);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(answers).isFalse();
        assertThat(millis).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 1000);
    }

    @Test
    void redisAnswers_nothingListening_falseAtOnce() throws IOException {
        int port = closedPort();

        long start = System.nanoTime();
        assertThat(SystemProbes.redisAnswers("127.0.0.1", port, TIMEOUT)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(TIMEOUT.toMillis());
    }

    @Test
    void redisProbe_reportsTheAnswer() throws IOException {
        int port = fakeTcpServer(line -> "+PONG\r\n");
        SystemProbes probes = new SystemProbes(Map.of());

        assertThat(probes.redis("127.0.0.1", port)).isEqualTo(new InfraSelector.Probe(true, "answers PING"));
        assertThat(probes.redis("127.0.0.1", closedPort()).ok()).isFalse();
    }

    /** A fake Docker daemon on a unix socket that answers one request with the given response. */
    private Path fakeDocker(String response) throws IOException {
        Path socketPath = dir.resolve("docker.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Thread thread = new Thread(() -> {
            try (server; SocketChannel client = server.accept()) {
                ByteBuffer request = ByteBuffer.allocate(1024);
                while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")
                        && client.read(request) >= 0) {
                    // read the whole request head
                }
                String head = new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII);
                if (head.startsWith("GET /_ping ") && !response.isEmpty()) {
                    client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                }
                release.await(10, TimeUnit.SECONDS);
            }
            catch (IOException | InterruptedException e) {
                // test over
            }
        });
        thread.setDaemon(true);
        thread.start();
        return socketPath;
    }

    @Test
    void dockerAnswers_unixSocketPingOk_true() throws IOException {
        Path socket = fakeDocker("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");

        assertThat(SystemProbes.dockerAnswers("unix://" + socket, TIMEOUT)).isTrue();
    }

    @Test
    void dockerAnswers_unixSocketError_false() throws IOException {
        Path socket = fakeDocker("HTTP/1.1 500 Internal Server Error\r\n\r\n");

        assertThat(SystemProbes.dockerAnswers("unix://" + socket, TIMEOUT)).isFalse();
    }

    @Test
    void dockerAnswers_silentDaemon_falseWithinTheTimeout() throws IOException {
        Path socket = fakeDocker("");

        long start = System.nanoTime();
        boolean answers = SystemProbes.dockerAnswers("unix://" + socket, TIMEOUT);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(answers).isFalse();
        assertThat(millis).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 1000);
    }

    @Test
    void dockerAnswers_staleSocketFile_false() throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket)); // leaves the file behind, nobody listening
        }
        assertThat(socket).exists();

        assertThat(SystemProbes.dockerAnswers("unix://" + socket, TIMEOUT)).isFalse();
        assertThat(SystemProbes.dockerAnswers("unix://" + dir.resolve("missing.sock"), TIMEOUT)).isFalse();
    }

    @Test
    void dockerAnswers_tcp_trueOnlyWhenSomethingListens() throws IOException {
        int port = fakeTcpServer(line -> null);

        assertThat(SystemProbes.dockerAnswers("tcp://127.0.0.1:" + port, TIMEOUT)).isTrue();
        assertThat(SystemProbes.dockerAnswers("tcp://127.0.0.1:" + closedPort(), TIMEOUT)).isFalse();
        assertThat(SystemProbes.dockerAnswers("npipe:////./pipe/docker_engine", TIMEOUT)).isFalse();
    }

    @Test
    void dockerEndpoints_dockerHostFirst_thenTestcontainersProperties_thenExistingSockets() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".docker/run"));
        Files.createFile(home.resolve(".docker/run/docker.sock"));
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=tcp://tc-host:2375\n");
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.createFile(runtime.resolve("docker.sock"));

        var endpoints = SystemProbes.dockerEndpoints(
                Map.of("DOCKER_HOST", "unix:///custom/docker.sock", "XDG_RUNTIME_DIR", runtime.toString()), home);

        assertThat(endpoints).startsWith("unix:///custom/docker.sock", "tcp://tc-host:2375");
        assertThat(endpoints).contains("unix://" + home.resolve(".docker/run/docker.sock"), "unix://" + runtime.resolve("docker.sock"));
        assertThat(endpoints).doesNotContain("unix://" + home.resolve(".colima/default/docker.sock"),
                "unix://" + runtime.resolve("podman/podman.sock"));
    }

    @Test
    void dockerEndpoints_nothingConfiguredOrPresent_onlySystemSocketIfItExists() {
        Path home = dir.resolve("empty-home");

        var endpoints = SystemProbes.dockerEndpoints(Map.of(), home);

        assertThat(endpoints).isEqualTo(Files.exists(Path.of("/var/run/docker.sock"))
                ? java.util.List.of("unix:///var/run/docker.sock") : java.util.List.of());
    }
}
