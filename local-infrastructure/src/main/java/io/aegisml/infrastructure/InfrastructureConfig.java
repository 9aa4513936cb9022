package io.aegisml.infrastructure;

import io.aegisml.infrastructure.process.Probes;
import java.nio.file.Path;

/** Where the infrastructure keeps its data and which ports it listens on. */
public record InfrastructureConfig(Path dataDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
                                   int keycloakPort, int keycloakManagementPort, int azuritePort) {

    /** The devstack's documented ports, each overridable by an environment variable. */
    public static InfrastructureConfig defaults(Path dataDir) {
        return new InfrastructureConfig(dataDir,
                env("AEGIS_KAFKA_PORT", 9092), env("AEGIS_KAFKA_CONTROLLER_PORT", 9093),
                env("AEGIS_POSTGRES_PORT", 15432), env("AEGIS_KEYCLOAK_PORT", 8180),
                env("AEGIS_KEYCLOAK_MANAGEMENT_PORT", 9000), env("AEGIS_AZURITE_PORT", 10000));
    }

    /** Free ports, so tests never collide with a devstack running on the same machine. */
    public static InfrastructureConfig freePorts(Path dataDir) {
        return new InfrastructureConfig(dataDir, Probes.freePort(), Probes.freePort(), Probes.freePort(),
                Probes.freePort(), Probes.freePort(), Probes.freePort());
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }
}
