package io.aegisml.infrastructure.keycloak;

import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from its Maven Central distribution ({@code keycloak-quarkus-dist}), unpacked and built
 * once in the cache for PostgreSQL, then started in optimized mode with its data in the stack's own
 * PostgreSQL database {@code keycloak}. The realm {@code aegis} is created on first start.
 */
public final class KeycloakServer {

    public static final String VERSION = "26.7.3";
    public static final String BOOTSTRAP_ADMIN = "kcadmin";

    private KeycloakServer() {
    }

    public record Ports(int http, int management) {
    }

    public static LocalProcess start(Path dataDir, Ports ports, String jdbcUrl, String bootstrapAdminPassword) {
        Path home = installed();
        Probes.requireFree("Keycloak", ports.http());
        Probes.requireFree("Keycloak management", ports.management());
        Path logDir = dataDir.resolve("keycloak");
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + ports.http(),
                "--http-management-port=" + ports.management(),
                "--hostname=http://localhost:" + ports.http(), "--cache=local",
                "--db-url=" + jdbcUrl, "--db-username=postgres", "--db-password=postgres");
        Map<String, String> env = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx400m",
                "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1",
                "KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", bootstrapAdminPassword);
        LocalProcess process = LocalProcess.start("keycloak", command, home, env, logDir.resolve("keycloak.log"));
        return process.awaitReady(() -> Probes.httpOk("http://localhost:" + ports.management() + "/health/ready"),
                Duration.ofSeconds(180));
    }

    /** Unpacks and builds the distribution once; later starts reuse it. */
    static Path installed() {
        Path cache = Cache.dir();
        Path home = cache.resolve("keycloak-" + VERSION);
        Path builtMarker = home.resolve(".aegis-built-postgres");
        return Cache.locked("keycloak-" + VERSION, () -> {
            if (Files.exists(builtMarker)) {
                return home;
            }
            Path archive = Cache.require(cache.resolve("keycloak-quarkus-dist-" + VERSION + ".tar.gz"),
                    "run ./mvnw install -DskipTests once: the build downloads Keycloak");
            run(List.of("tar", "xzf", archive.toString(), "-C", cache.toString()), cache, "unpack Keycloak");
            run(List.of(home.resolve("bin/kc.sh").toString(), "build", "--db=postgres", "--health-enabled=true",
                    "--metrics-enabled=true"), home, "build Keycloak (about 30 s, once)");
            try {
                Files.writeString(builtMarker, VERSION);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return home;
        });
    }

    private static void run(List<String> command, Path dir, String what) {
        try {
            Path log = Files.createTempFile("aegis-keycloak-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            process.getOutputStream().close();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("could not " + what + ":\n"
                        + io.aegisml.infrastructure.process.LogTail.of(log, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
