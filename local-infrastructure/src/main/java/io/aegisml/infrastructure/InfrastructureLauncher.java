package io.aegisml.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Chooses how tests get their infrastructure: {@code -Dstack=local|containers|running}. */
public final class InfrastructureLauncher {

    private InfrastructureLauncher() {
    }

    public static Infrastructure fromSystemProperties() {
        String mode = System.getProperty("stack", "local");
        return switch (mode) {
            case "local" -> LocalInfrastructure.start(InfrastructureConfig.forTests(freshDataDir()));
            case "containers" -> ContainerInfrastructure.start();
            case "running" -> RunningInfrastructure.connect(runningDataDir());
            default -> throw new IllegalArgumentException("-Dstack must be local, containers or running, not " + mode);
        };
    }

    /** The data folder of the running stack: AEGIS_DATA_DIR, relative to the repository (-Daegis.repo). */
    static Path runningDataDir() {
        Path repository = Path.of(System.getProperty("aegis.repo", "."));
        return repository.resolve(System.getenv().getOrDefault("AEGIS_DATA_DIR", ".data")).toAbsolutePath().normalize();
    }

    /** target/local-infrastructure of the module under test: fresh every run, kept afterwards for its logs. */
    public static Path freshDataDir() {
        Path dir = Path.of("target", "local-infrastructure").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
