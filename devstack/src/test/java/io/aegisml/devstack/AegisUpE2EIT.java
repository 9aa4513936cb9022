package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./aegis up} runs, run as a user would: the devstack's executable jar, on ports chosen
 * through its environment variables. It comes up, serves a workspace through the edge with the
 * administrator's token, and stops cleanly on SIGTERM (what Ctrl-C becomes), leaving nothing behind.
 */
class AegisUpE2EIT {

    @Test
    void theDevstackJarStartsTheWholeStackAndStopsItCleanly() throws Exception {
        Path repository = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
        Path data = repository.resolve("devstack/target/aegis-up");
        deleteRecursively(data);
        Path jar;
        try (Stream<Path> files = Files.list(repository.resolve("devstack/target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("devstack-.*-exec\\.jar")).findFirst().orElseThrow();
        }
        Map<String, String> env = new HashMap<>();
        for (String port : List.of("KAFKA", "KAFKA_CONTROLLER", "POSTGRES", "KEYCLOAK", "KEYCLOAK_MANAGEMENT", "AZURITE",
                "EDGE", "IDENTITY", "DEPLOYMENT", "SCORING", "AUDIT")) {
            env.put("AEGIS_" + port + "_PORT", String.valueOf(Probes.freePort()));
        }
        String password = "up-" + UUID.randomUUID();
        env.put("AEGIS_DATA_DIR", data.toString());
        env.put("AEGIS_ADMIN_PASSWORD", password);
        Path log = data.resolve("devstack-out.log");
        LocalProcess devstack = LocalProcess.start("devstack", List.of(Cache.javaExecutable(), "-Xmx96m",
                "-Daegis.repo=" + repository, "-jar", jar.toString(), "up"), repository, env, log);
        try {
            devstack.awaitReady(() -> contains(log, "Aegis ML is up"), Duration.ofMinutes(4));
            String edge = "http://localhost:" + env.get("AEGIS_EDGE_PORT");
            String token = AegisRealm.passwordToken("http://localhost:" + env.get("AEGIS_KEYCLOAK_PORT"), "admin", password);
            assertThat(new Api(edge).put("/api/subscriptions/s/resourceGroups/g/workspaces/from-aegis-up", token, "{}")
                    .status()).isEqualTo(201);
            assertThat(Files.readString(log)).doesNotContain(password); // set by us, so never printed
            // SIGTERM to the launcher only, as the ./aegis script sends on Ctrl-C: the launcher stops the
            // services, then the infrastructure, in order (signalling the whole tree at once would stop
            // Kafka under services that are still flushing to it).
            ProcessHandle.of(devstack.pid()).ifPresent(ProcessHandle::destroy);
            Eventually.until(Duration.ofSeconds(90), () -> contains(log, "Stopped. Data kept in"), stopped -> stopped,
                    "the launcher's clean stop");
        } finally {
            devstack.close(); // whatever is left, if the test failed before the stop
        }
        assertThat(Files.readString(log)).contains("Stopped. Data kept in");
        for (String port : List.of("KAFKA", "POSTGRES", "KEYCLOAK", "AZURITE", "EDGE", "IDENTITY", "AUDIT")) {
            assertThat(Probes.portOpen("127.0.0.1", Integer.parseInt(env.get("AEGIS_" + port + "_PORT"))))
                    .as(port + " stopped").isFalse();
        }
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
