package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.events.Topic;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.KeycloakServer;
import io.aegisml.infrastructure.postgres.PostgresServer;
import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./aegis up} run as a user runs it: the script itself, on ports chosen through its environment
 * variables, stopped with SIGTERM (what Ctrl-C becomes for it). A first start with nothing unpacked, a
 * service killed under it, a backup restored, a start on a half-unpacked cache, and a component that
 * cannot start.
 */
class AegisUpE2EIT {

    static final Path REPOSITORY = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
    static final Pattern UP_LINE = Pattern.compile("Aegis ML is up \\((\\d+) s, (\\d+) MB resident\\)");
    static final List<String> PORTS = List.of("KAFKA", "KAFKA_CONTROLLER", "POSTGRES", "KEYCLOAK", "KEYCLOAK_MANAGEMENT",
            "AZURITE", "EDGE", "IDENTITY", "DEPLOYMENT", "SCORING", "AUDIT");

    /**
     * A cache of its own, empty: PostgreSQL's binaries, Kafka, Keycloak and Azurite are all unpacked or
     * installed again (from the archives Maven and npm downloaded before: the downloads are reused).
     * Then the same cache half-unpacked and damaged, as an interrupted first start leaves it.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aFreshMachineComesUpSurvivesAKilledServiceAndRecoversAHalfUnpackedCache() throws Exception {
        Path root = fresh(REPOSITORY.resolve("devstack/target/aegis-up"));
        Path cache = root.resolve("cache");
        Path data = root.resolve("data");
        Stack first = Stack.start(root, cache, data, "first", "up-" + UUID.randomUUID());
        int recorded;
        String group = "/subscriptions/s/resourceGroups/up-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            assertThat(first.output()).contains("Installing PostgreSQL", "Installing Kafka", "Installing Keycloak",
                    "Installing Azurite");
            String token = first.adminToken();
            assertThat(first.api().put("/api" + group + "/workspaces/from-aegis-up", token, "{}").status()).isEqualTo(201);
            assertThat(first.output()).doesNotContain(first.password); // set by us, so never printed
            // TLS from a CA made by this first start: its path and fingerprint told once, the edge in HTTPS only.
            String fingerprint = new io.aegisml.infrastructure.tls.TlsFiles(null, null, data.resolve("tls/ca.crt"), false)
                    .caFingerprint();
            assertThat(first.output()).contains("A local certificate authority was made for TLS: " + data.resolve("tls/ca.crt"),
                    "SHA-256 fingerprint " + fingerprint);
            assertThat(Probes.httpStatus("http://localhost:" + first.port("EDGE") + "/actuator/health")).isEqualTo(-1);
            // The Azure AD-compatible authority, and the tenant that goes after it (made by this first start).
            assertThat(first.output()).contains("Authority       https://localhost:" + first.port("EDGE") + "/"
                    + Files.readString(data.resolve("tenant-id")).strip());

            // Durable by default: what a team keeps its work on survives a power cut.
            try (Connection c = DriverManager.getConnection(PostgresServer.jdbcUrl(first.port("POSTGRES"), "identity"),
                    PostgresServer.USER, Files.readString(data.resolve("secrets/postgres-superuser-password")).strip())) {
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
            }

            // Kafka: the topics that hold the only copy of something are on disk before they are acknowledged.
            try (Admin admin = Admin.create(new io.aegisml.events.KafkaCredentials(io.aegisml.events.KafkaCredentials.SASL_PLAINTEXT,
                    io.aegisml.events.KafkaCredentials.PLAIN, "admin", Files.readString(data.resolve("secrets/kafka-admin-password")).strip())
                    .clientProperties("localhost:" + first.port("KAFKA"), null))) {
                ConfigResource identityEvents = new ConfigResource(ConfigResource.Type.TOPIC, Topic.IDENTITY_EVENTS.topicName());
                ConfigResource telemetry = new ConfigResource(ConfigResource.Type.TOPIC, Topic.SCORING_REQUESTS.topicName());
                var configs = admin.describeConfigs(List.of(identityEvents, telemetry)).all().get();
                assertThat(configs.get(identityEvents).get("flush.messages").value()).isEqualTo("1");
                assertThat(configs.get(telemetry).get("flush.messages").value()).isNotEqualTo("1");
            }

            // ./aegis status: every component running, with its port and pid.
            Command status = first.run("status");
            assertThat(status.exit()).as(status.output()).isZero();
            for (String component : List.of("PostgreSQL", "Kafka", "Keycloak", "Azurite", "identity-service",
                    "deployment-service", "scoring-service", "audit-service", "edge-service")) {
                assertThat(status.output()).containsPattern(component + " +running +\\d+ +\\d+ ");
            }
            assertThat(status.output()).contains(" " + first.port("EDGE") + " ").contains("Total resident memory");

            // SIGKILL the producer of the events, then their consumer: each is restarted, and every operation
            // is in the activity log exactly once.
            int operations = 1;
            for (String service : List.of("identity-service", "audit-service")) {
                for (int i = 0; i < 2; i++, operations++) {
                    assertThat(first.api().put("/api" + group + "/workspaces/before-kill-" + service + "-" + i, token, "{}")
                            .status()).isEqualTo(201);
                }
                long pid = first.pidOf(service);
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                Eventually.until(Duration.ofMinutes(2), () -> first.pidOf(service),
                        newPid -> newPid != 0 && newPid != pid && first.state(service).equals("running"),
                        service + " restarted by the supervisor");
                String fresh = first.adminToken();
                Eventually.until(Duration.ofMinutes(1), () -> first.api().put("/api" + group + "/workspaces/after-kill-"
                        + service, fresh, "{}").status(), s -> s == 201, "a request served after " + service + " restarted");
                operations++;
            }
            assertThat(first.output()).contains("identity-service died (exit code 137)", "identity-service restarted",
                    "audit-service died (exit code 137)", "audit-service restarted");
            int expected = operations;
            List<JsonNode> entries = Eventually.until(Duration.ofMinutes(1), () -> first.activityFor(group),
                    list -> list.size() >= expected, expected + " activity-log entries");
            Thread.sleep(3000); // a redelivered event would arrive within this
            entries = first.activityFor(group);
            assertThat(entries).hasSize(expected);
            assertThat(entries).extracting(e -> e.get("scope").asString()).doesNotHaveDuplicates();
            recorded = entries.size();
        } finally {
            first.stop();
        }
        first.assertNothingLeft();
        printFigures(first, "first start of a new data folder, nothing unpacked");

        // A backup of the stopped stack, restored into an empty folder, is what the next start runs on.
        assertThat(first.run("backup", root.resolve("backup.tar.gz").toString()).exit()).isZero();
        fresh(data);
        Command restore = first.run("restore", root.resolve("backup.tar.gz").toString());
        assertThat(restore.exit()).as(restore.output()).isZero();

        // What an interrupted first start leaves: PostgreSQL half-unpacked (no manifest, files missing), a
        // truncated Kafka jar, and the temporary folder of an interrupted Keycloak installation.
        Path postgres = cache.resolve("postgres-" + PostgresServer.VERSION);
        Files.delete(postgres.resolve(".aegis-installed"));
        Files.delete(postgres.resolve("bin/postgres"));
        Path jar;
        try (Stream<Path> jars = Files.list(cache.resolve("kafka-4.4.0/lib"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("kafka-clients")).findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(jar.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        Files.createDirectories(cache.resolve("keycloak-" + KeycloakServer.VERSION + ".partial-0dead0bb/lib"));

        Stack second = Stack.start(root, cache, data, "second", first.password); // the realm keeps the first one
        try {
            assertThat(second.output()).contains("PostgreSQL in " + postgres + " is incomplete",
                    "Kafka in " + cache.resolve("kafka-4.4.0") + " is damaged", "left by an interrupted installation")
                    .doesNotContain("Installing Keycloak", "Installing Azurite", "A local certificate authority was made");
            // The restored data: the workspace and its activity log from before the backup.
            String token = second.adminToken();
            assertThat(second.api().get("/api" + group + "/workspaces/from-aegis-up", token).status()).isEqualTo(200);
            assertThat(second.activityFor(group)).hasSize(recorded);
        } finally {
            second.stop();
        }
        second.assertNothingLeft();
        printFigures(second, "restart on a restored data folder, PostgreSQL and Kafka unpacked again");
    }

    /** A component that cannot start: one line naming it and the tail of its log; nothing stays running. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aComponentThatCannotStartIsReportedInOneLineAndNothingStaysRunning() throws Exception {
        Path root = fresh(REPOSITORY.resolve("devstack/target/aegis-up-failing"));
        Path data = root.resolve("data");
        // Kafka's log folder belongs to another broker (node 7): Kafka refuses it and exits.
        Path meta = data.resolve("kafka/data/meta.properties");
        Files.createDirectories(meta.getParent());
        Files.writeString(meta, "version=1\nnode.id=7\ncluster.id=" + "AAAAAAAAAAAAAAAAAAAAAA" + "\n");
        Stack failing = Stack.launch(root, Cache.dir(), data, "failing", "up-" + UUID.randomUUID());
        Eventually.until(Duration.ofMinutes(5), () -> failing.process.isAlive(), alive -> !alive, "./aegis up to give up");
        String out = failing.output();
        assertThat(failing.process.exitValue()).isEqualTo(1);
        List<String> failureLines = out.lines().filter(l -> l.startsWith("Aegis ML did not start.")).toList();
        assertThat(failureLines).singleElement().asString()
                .startsWith("Aegis ML did not start. Kafka: exited with code 1 during start-up.")
                .contains(data.resolve("kafka/kafka.log").toString());
        // Kafka's own words are in its log's tail; the launcher adds no stack trace of its own.
        assertThat(out).contains("Last lines of " + data.resolve("kafka/kafka.log")).contains("Stored node id 7")
                .doesNotContain("at io.aegisml").doesNotContain("Exception in thread");
        failing.assertNothingLeft();
    }

    private static void printFigures(Stack stack, String what) {
        Matcher up = UP_LINE.matcher(stack.output());
        if (up.find()) {
            System.out.printf("%s: up in %s s, %s MB resident%n", what, up.group(1), up.group(2));
        }
    }

    private static String show(Connection c, String setting) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    record Command(int exit, String output) {
    }

    /** One run of ./aegis up in the background, with its own ports, data folder and cache. */
    static final class Stack {
        final Map<String, String> env = new HashMap<>();
        final String password;
        final Path log;
        final Path data;
        LocalProcess process;

        private Stack(Path root, Path cache, Path data, String name, String password) {
            this.password = password;
            for (String port : PORTS) {
                env.put("AEGIS_" + port + "_PORT", String.valueOf(Probes.freePort()));
            }
            env.put("AEGIS_DATA_DIR", data.toString());
            env.put("AEGIS_CACHE", cache.toString());
            env.put("AEGIS_ADMIN_PASSWORD", password);
            env.put("AEGIS_SKIP_BUILD", "1"); // the reactor built the jars this test runs
            this.data = data;
            this.log = root.resolve(name + "-out.log");
        }

        static Stack launch(Path root, Path cache, Path data, String name, String password) {
            Stack stack = new Stack(root, cache, data, name, password);
            stack.process = LocalProcess.start("./aegis up", List.of("bash", REPOSITORY.resolve("aegis").toString(), "up"),
                    REPOSITORY, stack.env, stack.log);
            return stack;
        }

        static Stack start(Path root, Path cache, Path data, String name, String password) {
            Stack stack = launch(root, cache, data, name, password);
            try {
                stack.process.awaitReady(() -> stack.output().contains("Aegis ML is up"), Duration.ofMinutes(8));
            } catch (RuntimeException e) {
                throw new AssertionError("./aegis up did not come up:\n" + stack.output(), e);
            }
            return stack;
        }

        int port(String name) {
            return Integer.parseInt(env.get("AEGIS_" + name + "_PORT"));
        }

        Api api() {
            // This stack's own CA (made in its data folder), not the JVM's.
            String edge = "https://localhost:" + port("EDGE");
            return new Api(edge, edge, io.aegisml.infrastructure.tls.Pem.trusting(data.resolve("tls/ca.crt")));
        }

        String adminToken() {
            return AegisRealm.passwordToken("http://localhost:" + port("KEYCLOAK"), "admin", password);
        }

        String output() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                return "";
            }
        }

        List<JsonNode> activityFor(String group) {
            Api.Response response = api().get("/api/activityLog?top=500&operation=Aegis.ML/workspaces/write&scope=" + group,
                    adminToken());
            return response.status() == 200 ? response.json().get("value").valueStream().toList() : List.of();
        }

        Command run(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("bash", REPOSITORY.resolve("aegis").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes());
            return new Command(p.waitFor(), output);
        }

        private java.util.Properties status() {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newBufferedReader(data.resolve(StatusFile.NAME))) {
                p.load(in);
            } catch (IOException e) {
                // between two writes of the supervisor, or not written yet
            }
            return p;
        }

        long pidOf(String component) {
            return Long.parseLong(status().getProperty(component + ".pid", "0"));
        }

        String state(String component) {
            return status().getProperty(component + ".state", "");
        }

        /** SIGTERM to the script, as a terminal's Ctrl-C reaches it; it asks the launcher to stop everything in order. */
        void stop() {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
            try {
                Eventually.until(Duration.ofMinutes(2), () -> process.isAlive(), alive -> !alive, "the clean stop");
            } finally {
                process.close(); // whatever is left, if the test failed before the stop
            }
            assertThat(output()).contains("Stopped. Data kept in");
            assertThat(process.exitValue()).isZero();
        }

        void assertNothingLeft() {
            for (String port : PORTS) {
                assertThat(Probes.portOpen("127.0.0.1", port(port))).as(port + " closed").isFalse();
            }
            String folder = data.toString();
            assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(folder))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))).as("processes of " + folder).isEmpty();
        }
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }
}
