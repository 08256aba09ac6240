package org.personacollab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The extension: one Infra for the JVM, injected everywhere JUnit takes parameters, and reachable. */
@WithInfra
class WithInfraIntegrationTest {

    private static Infra fromBeforeAll;
    private final Infra fromConstructor;
    private Infra fromBeforeEach;

    WithInfraIntegrationTest(Infra infra) {
        this.fromConstructor = infra;
    }

    @BeforeAll
    static void beforeAll(Infra infra) {
        fromBeforeAll = infra;
    }

    @BeforeEach
    void beforeEach(Infra infra) {
        fromBeforeEach = infra;
    }

    @Test
    void parameters_areTheOneSharedInstance(Infra fromMethod) {
        Infra shared = Infra.get();

        assertThat(fromBeforeAll).isSameAs(shared);
        assertThat(fromConstructor).isSameAs(shared);
        assertThat(fromBeforeEach).isSameAs(shared);
        assertThat(fromMethod).isSameAs(shared);
        assertThat(Infra.get()).isSameAs(shared);
    }

    @Test
    void describe_namesWhatRuns(Infra infra) {
        assertThat(infra.describe())
                .startsWith("Kafka: ")
                .contains(infra.kafkaBootstrapServers())
                .contains("; Redis: ")
                .endsWith(infra.redisHost() + ":" + infra.redisPort());
        assertThat(infra.redisUri()).isEqualTo("redis://" + infra.redisHost() + ":" + infra.redisPort());
    }

    @Test
    void kafkaAndRedis_answer(Infra infra) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).isNotEmpty();
        }
        assertThat(SystemProbes.redisAnswers(infra.redisHost(), infra.redisPort(), Duration.ofSeconds(2))).isTrue();
    }
}
