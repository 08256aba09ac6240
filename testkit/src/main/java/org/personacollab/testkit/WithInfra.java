package org.personacollab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the shared Kafka broker and Redis of this JVM.
 *
 * <p>The infrastructure starts before the class's first {@code @BeforeAll} (once per JVM, on first
 * use) and {@link Infra} can be declared as a parameter of the constructor, of {@code @BeforeAll},
 * {@code @BeforeEach} and test methods:
 *
 * <pre>{@code
 * @WithInfra
 * class SequencerIntegrationTest {
 *     private static String prefix;
 *
 *     @BeforeAll
 *     static void topics(Infra infra) {
 *         prefix = infra.uniquePrefix();
 *         infra.createTopics(Map.of(prefix + ".persona.edits", 4));
 *     }
 * }
 * }</pre>
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InfraExtension.class)
public @interface WithInfra {
}
