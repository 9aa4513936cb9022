package io.aegisml.infrastructure;

import io.aegisml.infrastructure.process.Probes;
import java.nio.file.Path;

/**
 * Where the infrastructure keeps its data, which ports it listens on, and whether PostgreSQL is durable
 * (fsync and synchronous commits on: always for {@code ./aegis up}; the tests turn it off for speed).
 */
public record InfrastructureConfig(Path dataDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
                                   int keycloakPort, int keycloakManagementPort, int azuritePort, boolean durable) {

    /** The devstack's documented ports, each overridable by an environment variable. */
    public static InfrastructureConfig defaults(Path dataDir) {
        return new InfrastructureConfig(dataDir,
                env("AEGIS_KAFKA_PORT", 9092), env("AEGIS_KAFKA_CONTROLLER_PORT", 9093),
                env("AEGIS_POSTGRES_PORT", 15432), env("AEGIS_KEYCLOAK_PORT", 8180),
                env("AEGIS_KEYCLOAK_MANAGEMENT_PORT", 9000), env("AEGIS_AZURITE_PORT", 10000), true);
    }

    /**
     * For tests: free ports, so they never collide with a devstack on the same machine, and PostgreSQL
     * without fsync (a test database is thrown away; a crash of the machine loses nothing of value).
     */
    public static InfrastructureConfig forTests(Path dataDir) {
        return new InfrastructureConfig(dataDir, Probes.freePort(), Probes.freePort(), Probes.freePort(),
                Probes.freePort(), Probes.freePort(), Probes.freePort(), false);
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }
}
