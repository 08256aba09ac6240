package org.personacollab.testkit;

/** A running Kafka for the tests: one per JVM, owned by {@link Infra}. */
interface KafkaBackend extends AutoCloseable {

    /** Stable for the life of the backend, also across {@link #stop()} and {@link #start()}. */
    String bootstrapServers();

    /** For example {@code "in-JVM KRaft at localhost:40123"}. */
    String description();

    /** Whether {@link #stop()} and {@link #start()} are supported. */
    default boolean restartable() {
        return false;
    }

    /** Stops the broker, keeping its log and its address. */
    default void stop() {
        throw unsupported("stop");
    }

    /** Starts a broker stopped by {@link #stop()} on the same log and address; no-op when running. */
    default void start() {
        throw unsupported("start");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("Cannot " + what + " Kafka: this JVM uses " + description()
                + ", and only the in-JVM broker can be stopped and restarted on the same log and address."
                + " Run without " + InfraSelector.ENV_KAFKA + " and with " + InfraSelector.ENV_DOCKER
                + "=false to get it.");
    }

    /** Stops the broker and frees what it holds (containers, temporary log directories). */
    @Override
    void close();

    /** A cluster named by {@code PERSONA_TEST_KAFKA}: used as it is, never started or stopped here. */
    record External(String bootstrapServers) implements KafkaBackend {
        @Override
        public String description() {
            return "external at " + bootstrapServers + " (" + InfraSelector.ENV_KAFKA + ")";
        }

        @Override
        public void close() {
        }
    }
}
