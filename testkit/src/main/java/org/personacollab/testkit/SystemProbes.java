package org.personacollab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;

/**
 * The real probes: a quick look for a Docker daemon and a Redis {@code PING}.
 *
 * <h2>Why the Docker probe is in two steps</h2>
 * Testcontainers' {@code isDockerAvailable()} tries several strategies in turn and, on a machine
 * where the docker client is installed but no daemon runs, takes seconds to say no. So the daemon is
 * first asked directly, with a deadline: the socket named by {@code DOCKER_HOST} (or by
 * {@code docker.host} in {@code ~/.testcontainers.properties}) and the usual socket paths get an
 * HTTP {@code GET /_ping}. Only when one of them answers is Testcontainers asked, still under a
 * deadline, so that a wedged daemon cannot hang the test run.
 */
final class SystemProbes implements InfraSelector.Probes {

    static final Duration REDIS_PING_TIMEOUT = Duration.ofMillis(500);
    static final Duration DOCKER_PING_TIMEOUT = Duration.ofMillis(800);
    static final Duration TESTCONTAINERS_TIMEOUT = Duration.ofSeconds(20);

    private final Map<String, String> env;

    SystemProbes(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public InfraSelector.Probe docker() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            // Named pipes are not probed here; Testcontainers decides, under a deadline.
            return testcontainersProbe("Windows");
        }
        List<String> endpoints = dockerEndpoints(env, Path.of(System.getProperty("user.home", "/")));
        for (String endpoint : endpoints) {
            if (dockerAnswers(endpoint, DOCKER_PING_TIMEOUT)) {
                return testcontainersProbe(endpoint);
            }
        }
        return new InfraSelector.Probe(false, endpoints.isEmpty()
                ? "not available (no DOCKER_HOST and no docker socket)"
                : "not available (no daemon answered at " + String.join(", ", endpoints) + ")");
    }

    @Override
    public InfraSelector.Probe redis(String host, int port) {
        return redisAnswers(host, port, REDIS_PING_TIMEOUT)
                ? new InfraSelector.Probe(true, "answers PING")
                : new InfraSelector.Probe(false, "no answer to PING within " + REDIS_PING_TIMEOUT.toMillis() + " ms");
    }

    private static InfraSelector.Probe testcontainersProbe(String endpoint) {
        try {
            boolean ok = withDeadline(() -> DockerClientFactory.instance().isDockerAvailable(), TESTCONTAINERS_TIMEOUT);
            return new InfraSelector.Probe(ok, ok
                    ? "available (" + endpoint + ")"
                    : "daemon at " + endpoint + " answered but Testcontainers cannot use it");
        }
        catch (TimeoutException e) {
            return new InfraSelector.Probe(false, "Testcontainers did not decide within "
                    + TESTCONTAINERS_TIMEOUT.toSeconds() + " s (" + endpoint + ")");
        }
        catch (Exception e) {
            return new InfraSelector.Probe(false, "Testcontainers failed: " + e);
        }
    }

    /**
     * Where a Docker daemon may listen, most specific first: {@code DOCKER_HOST}, then
     * {@code docker.host} from {@code ~/.testcontainers.properties}, then the usual socket paths
     * that exist on this machine. Entries are {@code unix:///path} or {@code tcp://host:port}.
     */
    static List<String> dockerEndpoints(Map<String, String> env, Path home) {
        Set<String> endpoints = new LinkedHashSet<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            endpoints.add(dockerHost.trim());
        }
        Path tcProperties = home.resolve(".testcontainers.properties");
        if (Files.isRegularFile(tcProperties)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(tcProperties)) {
                properties.load(in);
                String host = properties.getProperty("docker.host");
                if (host != null && !host.isBlank()) {
                    endpoints.add(host.trim());
                }
            }
            catch (IOException e) {
                // An unreadable file is the same as no file: the default sockets are still tried.
            }
        }
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".rd/docker.sock")));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman/podman.sock"));
        }
        for (Path socket : sockets) {
            if (Files.exists(socket)) {
                endpoints.add("unix://" + socket);
            }
        }
        return List.copyOf(endpoints);
    }

    /**
     * Whether a Docker daemon answers at the endpoint within the timeout: an HTTP {@code _ping} on a
     * unix socket, a TCP connect for {@code tcp://} (which may be TLS; Testcontainers checks the rest).
     */
    static boolean dockerAnswers(String endpoint, Duration timeout) {
        try {
            URI uri = URI.create(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            return switch (scheme) {
                case "unix" -> withDeadline(() -> unixPing(Path.of(uri.getPath())), timeout);
                case "tcp", "http", "https" -> tcpConnects(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort(), timeout);
                default -> false;
            };
        }
        catch (Exception e) {
            return false;
        }
    }

    private static boolean unixPing(Path socketPath) throws IOException {
        if (!Files.exists(socketPath)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                String head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
                if (head.contains("\r\n")) {
                    break;
                }
            }
            String statusLine = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return statusLine.startsWith("HTTP/1.") && statusLine.length() >= 12 && statusLine.startsWith("200", 9);
        }
    }

    private static boolean tcpConnects(@Nullable String host, int port, Duration timeout) {
        if (host == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether a Redis at host:port answers an inline {@code PING} with {@code +PONG} within the
     * timeout (connect and reply together). A server that wants a password answers {@code -NOAUTH}
     * and is not used.
     */
    static boolean redisAnswers(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            socket.setSoTimeout(left);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while (line.length() < 64 && (c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
            return line.toString().strip().equals("+PONG");
        }
        catch (SocketTimeoutException e) {
            return false;
        }
        catch (IOException e) {
            return false;
        }
    }

    /** Runs the call on a daemon thread and gives up (interrupting it) after the timeout. */
    static <T> T withDeadline(Callable<T> call, Duration timeout) throws Exception {
        FutureTask<T> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "testkit-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            task.cancel(true);
            throw e;
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
