package org.personacollab.testkit;

/** A running Redis for the tests: one per JVM, owned by {@link Infra}. */
interface RedisBackend extends AutoCloseable {

    String host();

    int port();

    /** For example {@code "local at localhost:6379"}. */
    String description();

    @Override
    void close();

    /** A server that was already running ({@code localhost:6379} or {@code PERSONA_TEST_REDIS}). */
    record Existing(String host, int port, String kind) implements RedisBackend {
        @Override
        public String description() {
            return kind + " at " + host + ":" + port;
        }

        @Override
        public void close() {
            // Not ours to stop.
        }
    }
}
