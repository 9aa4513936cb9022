package io.aegisml.devstack;

import io.aegisml.infrastructure.process.Probes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the services need to start: their ports, where their jars are, where their logs and local
 * state go, and the token clock skew (tests shorten it to see expiry quickly).
 */
public record StackConfig(Path dataDir, Map<Service, Integer> servicePorts, int dataPlanePort, int privateDataPlanePort,
                          Path repository, Duration tokenClockSkew) {

    static int defaultPrivateDataPlanePort() {
        String env = System.getenv("AEGIS_DATA_PLANE_PRIVATE_PORT");
        return env == null || env.isBlank() ? 8091 : Integer.parseInt(env.strip());
    }

    /** The data plane's own listener (scoring-service's Netty port), overridable by AEGIS_DATA_PLANE_PORT. */
    static int defaultDataPlanePort() {
        String env = System.getenv("AEGIS_DATA_PLANE_PORT");
        return env == null || env.isBlank() ? 8090 : Integer.parseInt(env.strip());
    }

    /** The documented ports (8080-8084), each overridable by AEGIS_&lt;SERVICE&gt;_PORT. */
    public static StackConfig defaults(Path dataDir, Path repository) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
        return new StackConfig(dataDir, ports, defaultDataPlanePort(), defaultPrivateDataPlanePort(), repository,
                Duration.ofSeconds(30));
    }

    /** Free ports, so tests never collide with a devstack running on the same machine. */
    public static StackConfig freePorts(Path dataDir, Path repository, Duration tokenClockSkew) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, Probes.freePort());
        }
        return new StackConfig(dataDir, ports, Probes.freePort(), Probes.freePort(), repository, tokenClockSkew);
    }

    public int port(Service service) {
        return servicePorts.get(service);
    }
}
