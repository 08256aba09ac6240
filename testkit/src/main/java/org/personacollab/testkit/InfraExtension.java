package org.personacollab.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the shared {@link Infra} before a test class runs and resolves {@code Infra} parameters.
 *
 * <p>Starting in {@code beforeAll} rather than on the first parameter makes a start-up failure fail
 * the class with the reason, and keeps the broker's start-up time out of the first test's timeout.
 *
 * <p>The infrastructure is not stopped when JUnit finishes but by a JVM shutdown hook (see
 * {@link Infra}): Spring's test-context cache closes cached application contexts in its own
 * shutdown hook, after JUnit is done, and their Kafka clients must still find a broker then.
 */
public final class InfraExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        Infra.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Infra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return Infra.get();
    }
}
