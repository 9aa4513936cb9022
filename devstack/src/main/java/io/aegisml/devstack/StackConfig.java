package io.aegisml.devstack;

import io.aegisml.infrastructure.InfrastructureConfig;
import io.aegisml.infrastructure.process.Probes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the stack needs to start: infrastructure ports and data, service ports, where the
 * services' jars are, and the token clock skew (tests shorten it to see expiry quickly).
 */
public record StackConfig(InfrastructureConfig infrastructure, Map<Service, Integer> servicePorts, Path repository,
                          Duration tokenClockSkew) {

    public static StackConfig defaults(Path dataDir, Path repository) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
        return new StackConfig(InfrastructureConfig.defaults(dataDir), ports, repository, Duration.ofSeconds(30));
    }

    public static StackConfig freePorts(Path dataDir, Path repository, Duration tokenClockSkew) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, Probes.freePort());
        }
        return new StackConfig(InfrastructureConfig.freePorts(dataDir), ports, repository, tokenClockSkew);
    }

    public Path dataDir() {
        return infrastructure.dataDir();
    }

    public int port(Service service) {
        return servicePorts.get(service);
    }
}
