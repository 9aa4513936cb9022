package io.aegisml.infrastructure.keycloak;

import io.aegisml.infrastructure.process.Downloads;
import io.aegisml.infrastructure.process.Installation;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
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
    static final String COMPONENT = "Keycloak";

    private KeycloakServer() {
    }

    public record Ports(int http, int management) {
    }

    public static LocalProcess start(Path dataDir, Ports ports, String jdbcUrl, String databasePassword,
                                     String bootstrapAdminPassword) {
        Path home = installed();
        Probes.requireFree(COMPONENT, ports.http());
        Probes.requireFree("Keycloak management", ports.management());
        Path logDir = dataDir.resolve("keycloak");
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + ports.http(),
                "--http-management-port=" + ports.management(),
                "--hostname=http://localhost:" + ports.http(), "--cache=local",
                "--db-url=" + jdbcUrl, "--db-username=keycloak");
        Map<String, String> env = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx400m",
                "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1",
                "KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", bootstrapAdminPassword,
                "KC_DB_PASSWORD", databasePassword); // in the environment, not on the command line others can read
        LocalProcess process = LocalProcess.start(COMPONENT, command, home, env, logDir.resolve("keycloak.log"));
        return process.awaitReady(() -> Probes.httpOk("http://localhost:" + ports.management() + "/health/ready"),
                Duration.ofSeconds(180));
    }

    /** Unpacks and builds the distribution once (for PostgreSQL, health and metrics); later starts reuse it. */
    static Path installed() {
        return Installation.ensure(COMPONENT, "keycloak-" + VERSION, "lib", Downloads.REBUILD, folder -> {
            Path archive = Downloads.files(COMPONENT, "keycloak").get(0);
            Path log = folder.resolve("install.log");
            Installation.run("unpacking " + archive.getFileName(), new ProcessBuilder("tar", "-xzf", archive.toString(),
                    "-C", folder.toString(), "--strip-components=1"), log);
            ProcessBuilder build = new ProcessBuilder(folder.resolve("bin/kc.sh").toString(), "build", "--db=postgres",
                    "--health-enabled=true", "--metrics-enabled=true").directory(folder.toFile());
            build.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Installation.run("kc.sh build (about 30 s, once)", build, log);
        });
    }
}
