package org.personacollab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A Redis 6.2 child process started from the binary inside the {@code embedded-redis} jar, bound to
 * 127.0.0.1 on a free port, without persistence. The last resort when there is neither Docker nor a
 * Redis on {@code localhost:6379}. Redis 6.2 has no sharded pub/sub ({@code SPUBLISH}).
 */
final class EmbeddedRedis implements RedisBackend {

    static final String HOST = "127.0.0.1";

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedis start() {
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind(HOST)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new EmbeddedRedis(server, port);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to start an embedded Redis on " + HOST + ":" + port, e);
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "embedded redis-server 6.2 at " + HOST + ":" + port;
    }

    boolean isActive() {
        return server.isActive();
    }

    @Override
    public void close() {
        try {
            server.stop();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to stop the embedded Redis on port " + port, e);
        }
    }

    /** A port that was free a moment ago; another process may still take it before Redis binds. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
