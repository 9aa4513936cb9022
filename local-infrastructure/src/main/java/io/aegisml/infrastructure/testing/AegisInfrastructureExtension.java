package io.aegisml.infrastructure.testing;

import io.aegisml.infrastructure.Infrastructure;
import io.aegisml.infrastructure.InfrastructureLauncher;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects {@link Infrastructure}: real Kafka, PostgreSQL, Keycloak and Azurite, started once per test
 * run (the root store closes it when the run ends) and shared by every test class that asks.
 * {@code -Dstack=local} (default) starts local processes on free ports, {@code -Dstack=containers}
 * uses Testcontainers where Docker exists, {@code -Dstack=running} reuses a running {@code ./aegis up}.
 */
public class AegisInfrastructureExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Infrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The run's infrastructure, started on first use. */
    public static Infrastructure shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Infrastructure.class, k -> InfrastructureLauncher.fromSystemProperties(),
                        Infrastructure.class);
    }
}
