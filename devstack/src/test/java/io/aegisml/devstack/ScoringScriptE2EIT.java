package io.aegisml.devstack;

import static io.aegisml.devstack.CliE2EIT.aegis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aegisml.devstack.CliE2EIT.Run;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Deployments that run the user's own score.py (issue 13), through the CLI as a user would (YAML with
 * {@code code_configuration} and an inline model folder, uploaded by the CLI) and called on the data plane.
 */
@ExtendWith(StackExtension.class)
class ScoringScriptE2EIT {

    private static final Path REPO = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
    private static final Path EXAMPLES = REPO.resolve("examples/scoring-scripts");
    private static final Path SCRIPTS = REPO.resolve("devstack/src/test/resources/scoring-scripts");

    @TempDir
    Path dir;
    private String run;

    @BeforeEach
    void signIn(AegisStack stack) {
        run = UUID.randomUUID().toString().substring(0, 6);
        System.setProperty("aegis.config.dir", dir.resolve("home").toString());
        Run login = aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(),
                "--url", stack.edgeUrl(), "--issuer", stack.infrastructure().tokenIssuer());
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(aegis("configure", "--defaults", "subscription=sub-scripts", "group=rg-" + run, "workspace=ws").exit())
                .isZero();
    }

    @AfterEach
    void forgetTheLogin() {
        System.clearProperty("aegis.config.dir");
    }

    /** The example folder, copied, with its model made by the distribution's scikit-learn; the predictions it expects. */
    private double[] example() throws Exception {
        copy(EXAMPLES, dir.resolve("example"));
        Process made = new ProcessBuilder("/usr/bin/python3", dir.resolve("example/make_model.py").toString(),
                dir.resolve("example/model").toString()).redirectErrorStream(true).start();
        String printed = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(made.waitFor()).as(printed).isZero();
        JsonNode expected = Api.JSON.readTree(printed.strip().lines().reduce((a, b) -> b).orElseThrow());
        return new double[] {expected.get(0).asDouble(), expected.get(1).asDouble()};
    }

    @Test
    void aScoringScriptServesItsScikitLearnModel(AegisStack stack) throws Exception {
        double[] expected = example();
        Path example = dir.resolve("example");
        String endpoint = "sk-" + run;
        for (String file : List.of("endpoint.yml", "blue-deployment.yml", "green-deployment.yml")) {
            Files.writeString(example.resolve(file), Files.readString(example.resolve(file))
                    .replace("my-sklearn-endpoint", endpoint));
        }
        assertThat(aegis("ml", "online-endpoint", "create", "-f", example.resolve("endpoint.yml").toString()).exit()).isZero();
        Run deployed = aegis("ml", "online-deployment", "create", "-f", example.resolve("blue-deployment.yml").toString(),
                "--all-traffic");
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.err()).contains("Uploaded code", "Uploaded model");
        assertThat(deployed.json().get("code_configuration").get("code").asString()).startsWith("azureml:code-");

        // The traffic change reaches the data plane within moments.
        Run invoked = Eventually.until(Duration.ofSeconds(10), () -> aegis("ml", "online-endpoint", "invoke", "-n",
                endpoint, "--request-file", example.resolve("sample-request.json").toString()), r -> r.exit() == 0,
                "the endpoint answering");
        assertThat(invoked.json().get(0).asDouble()).isCloseTo(expected[0], within(1e-6));
        assertThat(invoked.json().get(1).asDouble()).isCloseTo(expected[1], within(1e-6));
        String logs = Eventually.until(Duration.ofSeconds(10), () -> aegis("ml", "online-deployment", "get-logs", "-n",
                "blue", "-e", endpoint, "--lines", "200").out(), out -> out.contains("Request processed"),
                "the script's own log lines");
        assertThat(logs).contains("Init complete: loaded sklearn_regression_model.pkl", "Deployment blue is ready",
                "Fetched code", "Fetched model folder model");
        // Azure's two containers of the log: fetching the files, and the server.
        assertThat(aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--container",
                "storage-initializer").out()).contains("Fetched code", "Fetched model folder").doesNotContain("Init complete");
        assertThat(aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--container",
                "inference-server", "--lines", "200").out()).contains("Init complete").doesNotContain("Fetched code");
        // Its environment: a virtual environment standing for the image, the conda file's packages checked.
        assertThat(logs).contains("cannot be run here (no containers)", "Skipped azureml-defaults: the platform provides it",
                "Package scikit-learn>=1.0 (pip): 1.", "Package numpy>=1.20 (conda): 1.", "Environment env-");

        // Deployed again unchanged, the same code and model versions are reused; here with a registered environment.
        Run environment = aegis("ml", "environment", "create", "-f", example.resolve("environment.yml").toString());
        assertThat(environment.exit()).as(environment.err()).isZero();
        assertThat(environment.json().get("conda_file").get("dependencies").toString()).contains("scikit-learn>=1.0");
        Run again = aegis("ml", "online-deployment", "create", "-f", example.resolve("green-deployment.yml").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.json().get("model").asString()).isEqualTo(deployed.json().get("model").asString());
        Run named = aegis("ml", "online-endpoint", "invoke", "-n", endpoint, "--deployment", "green", "--request-file",
                example.resolve("sample-request.json").toString());
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(named.json().get("model").asString()).isEqualTo("LinearRegression");
        assertThat(named.json().get("predictions").get(1).asDouble()).isCloseTo(expected[1], within(1e-6));
        assertThat(named.json().get("rows").asInt()).isEqualTo(2);
    }

    /** A pin the host cannot satisfy fails the deployment, naming it — unless the deployment uses what is installed. */
    @Test
    void anEnvironmentsUnsatisfiablePinFailsTheDeploymentUnlessItUsesWhatIsInstalled() throws Exception {
        example();
        String endpoint = "pins-" + run;
        createEndpoint(endpoint);
        Path yml = deployment(endpoint, "blue", dir.resolve("example/onlinescoring"), 5000);
        Files.writeString(yml.resolveSibling("conda.yaml"), """
                name: old-env
                dependencies:
                  - python=3.7
                  - pip:
                      - scikit-learn==0.24.1
                      - a-package-nobody-has>=2
                      - joblib
                """);
        Files.writeString(yml, Files.readString(yml) + "environment:\n  conda_file: conda.yaml\n");
        Run refused = aegis("ml", "online-deployment", "create", "-f", yml.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("scikit-learn==0.24.1 (pip): 1.", "a-package-nobody-has>=2 (pip): not installed");
        String logs = aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--lines", "100").out();
        assertThat(logs).contains("Cannot satisfy scikit-learn==0.24.1", "Cannot satisfy a-package-nobody-has>=2",
                "Python =3.7 asked for: the host's Python 3.").doesNotContain("Cannot satisfy joblib");

        Files.writeString(yml, Files.readString(yml) + "environment_variables:\n  AEGIS_USE_INSTALLED_PACKAGES: \"true\"\n");
        Run accepted = aegis("ml", "online-deployment", "update", "-f", yml.toString());
        assertThat(accepted.exit()).as(accepted.err()).isZero();
        assertThat(aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--lines", "100").out())
                .contains("Warning: scikit-learn==0.24.1 (pip): 1.", "using what is installed");
    }

    @Test
    void aFailingInitFailsTheDeploymentWithItsTracebackInTheLog() throws Exception {
        example();
        String endpoint = "broken-" + run;
        createEndpoint(endpoint);
        Path yml = deployment(endpoint, "blue", SCRIPTS.resolve("broken-init"), 5000);
        Run deployed = aegis("ml", "online-deployment", "create", "-f", yml.toString());
        assertThat(deployed.exit()).isEqualTo(1);
        assertThat(deployed.err()).contains("failed", "init()");
        String logs = aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--lines", "200").out();
        assertThat(logs).contains("broken-init: about to fail", "Traceback", "RuntimeError: the model could not be loaded");
    }

    /**
     * run() raising, hanging and dying; and the script as an attacker: the platform's secrets, another deployment's
     * files, Kafka, PostgreSQL, Keycloak and scoring-service's own port — all out of its reach.
     */
    @Test
    void aScriptsFailuresAndAttacksAreContained(AegisStack stack) throws Exception {
        double[] expected = example();
        String endpoint = "tricks-" + run;
        createEndpoint(endpoint);
        // A neighbour whose model file the attacker will look for.
        Path neighbour = deployment(endpoint, "neighbour", dir.resolve("example/onlinescoring"), 5000);
        assertThat(aegis("ml", "online-deployment", "create", "-f", neighbour.toString()).exit()).isZero();
        // A model of its own that is not the neighbour's file.
        Path ownModel = Files.createDirectories(dir.resolve("tricks-model"));
        Files.writeString(ownModel.resolve("weights.bin"), "not a pickle");
        Path tricks = deployment(endpoint, "tricks", SCRIPTS.resolve("tricks"), ownModel, 1500);
        Files.writeString(tricks, Files.readString(tricks) + """
                liveness_probe:
                  initial_delay: 1
                  period: 1
                  timeout: 1
                  failure_threshold: 3
                """);
        Run deployed = aegis("ml", "online-deployment", "create", "-f", tricks.toString());
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        String key = aegis("ml", "online-endpoint", "get-credentials", "-n", endpoint).json().get("primaryKey").asString();
        Api dataPlane = new Api(stack.edgeUrl(), stack.dataPlaneUrl());
        String score = "/endpoints/" + endpoint + "/score";
        Map<String, String> pinned = Map.of("azureml-model-deployment", "tricks");

        Api.Response raised = dataPlane.send("POST", score, key, "{\"raise\": \"the-secret-detail\"}", pinned);
        assertThat(raised.status()).isEqualTo(424);
        assertThat(raised.header("ms-azureml-model-error-statuscode")).isEqualTo("500");
        assertThat(raised.body()).doesNotContain("the-secret-detail", "Traceback").contains("run() raised");
        Eventually.until(Duration.ofSeconds(10), () -> logs(endpoint, "tricks"),
                out -> out.contains("ValueError: run() failed on purpose: the-secret-detail"), "the traceback in the log");

        Api.Response hung = dataPlane.send("POST", score, key, "{\"sleep\": 60}", pinned);
        assertThat(hung.status()).isEqualTo(408);
        assertThat(answered(dataPlane, score, key, pinned).status()).isEqualTo(200);
        assertThat(logs(endpoint, "tricks")).contains("recycled", "restarting it");

        // A detached process of the script's: it ends with the worker, and the worker's death is a 503.
        assertThat(dataPlane.send("POST", score, key, "{\"spawn\": 987654}", pinned).body()).contains("spawned");
        assertThat(processesRunning("sleep\u0000987654")).isOne();
        Api.Response died = dataPlane.send("POST", score, key, "{\"die\": true}", pinned);
        assertThat(died.status()).isEqualTo(503);
        assertThat(answered(dataPlane, score, key, pinned).status()).isEqualTo(200);
        assertThat(processesRunning("sleep\u0000987654")).isZero();

        // A worker whose interpreter stops answering between requests: its liveness probe fails, and it is recycled.
        assertThat(dataPlane.send("POST", score, key, "{\"freeze\": 3600}", pinned).body()).contains("freezing");
        Eventually.until(Duration.ofSeconds(30), () -> logs(endpoint, "tricks"),
                out -> out.contains("liveness probe failed 3 times"), "the frozen worker recycled");
        assertThat(answered(dataPlane, score, key, pinned).status()).isEqualTo(200);

        // 100 MB of output without a newline (half scoring-service's heap, had it been gathered as a line): cut in
        // the log as it arrives. Writing it may take longer than the request's time; either way the service lives on.
        assertThat(dataPlane.send("POST", score, key, "{\"flood\": 100000000}", pinned).status()).isIn(200, 408);
        assertThat(answered(dataPlane, score, key, pinned).status()).isEqualTo(200);

        // Files that exist and that the platform (this test's user) can read: the worker must not.
        Path secret = stack.config().dataDir().resolve("secrets/edge-proxy-secret");
        Path tlsKey = stack.config().dataDir().resolve("tls/server.key");
        assertThat(secret).isReadable();
        assertThat(tlsKey).isReadable();
        // The neighbour's model, by its path (which the attacker could not list, but could guess).
        Path neighbourModel;
        try (var found = Files.find(Path.of(System.getProperty("java.io.tmpdir"), "aegis-workers"), 6,
                (path, attributes) -> path.getFileName().toString().equals("sklearn_regression_model.pkl"))) {
            neighbourModel = found.findFirst().orElseThrow();
        }
        int kafka = URI.create("kafka://" + stack.infrastructure().kafkaBootstrapServers().split(",")[0]).getPort();
        int postgres = URI.create(stack.infrastructure().jdbcUrl("identity").substring("jdbc:".length())).getPort();
        int keycloak = URI.create(stack.infrastructure().keycloakUrl()).getPort();
        int scoring = URI.create(stack.serviceUrl(Service.SCORING)).getPort();
        String attack = Api.JSON.writeValueAsString(Map.of(
                "read", List.of(secret.toString(), tlsKey.toString(), neighbourModel.toString(),
                        "../../../../.data/secrets/admin-password"),
                "glob", List.of(System.getProperty("java.io.tmpdir") + "/aegis-workers/*/d-*/models/*/*",
                        System.getProperty("java.io.tmpdir") + "/aegis-workers/*/d-*/app/*"),
                "connect", List.of(kafka, postgres, keycloak, scoring)));
        Api.Response tried = dataPlane.send("POST", score, key, attack, pinned);
        assertThat(tried.status()).as(tried.body()).isEqualTo(200);
        JsonNode outcome = tried.json();
        assertThat(outcome.get("read " + secret).asString()).isEqualTo("refused: PermissionError");
        assertThat(outcome.get("read " + tlsKey).asString()).isEqualTo("refused: PermissionError");
        assertThat(outcome.get("read " + neighbourModel).asString()).isEqualTo("refused: PermissionError");
        outcome.properties().forEach(entry -> {
            if (entry.getKey().startsWith("read ") || entry.getKey().startsWith("connect ")) {
                assertThat(entry.getValue().asString()).as(entry.getKey()).startsWith("refused");
            }
        });
        // It cannot even list the workers' folders (its neighbour's code and model).
        outcome.properties().forEach(entry -> {
            if (entry.getKey().startsWith("glob ")) {
                assertThat(entry.getValue().isEmpty()).as(entry.getKey()).isTrue();
            }
        });
        assertThat(outcome.get("uid").asInt()).isNotZero();
        // Its environment is Azure's (and where blobs are read), nothing of the platform's.
        assertThat(outcome.get("environment").valueStream().map(JsonNode::asString).toList()).containsExactly(
                "AEGIS_BLOB_ENDPOINT", "AML_APP_ROOT", "AZUREML_ENTRY_SCRIPT", "AZUREML_MODEL_DIR", "HOME",
                "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "LANG", "MSI_ENDPOINT", "MSI_SECRET", "PATH", "TMPDIR");
        // The neighbour still serves.
        Api.Response fine = dataPlane.send("POST", score, key, Files.readString(dir.resolve("example/sample-request.json")),
                Map.of("azureml-model-deployment", "neighbour"));
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.json().get(0).asDouble()).isCloseTo(expected[0], within(1e-6));
    }

    /** Processes whose command line contains {@code text} (arguments are separated by NUL in /proc). */
    private static long processesRunning(String text) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"), StandardCharsets.ISO_8859_1)
                        .contains(text);
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).count();
    }

    private static Api.Response answered(Api dataPlane, String score, String key, Map<String, String> pinned) {
        return Eventually.until(Duration.ofSeconds(30), () -> dataPlane.send("POST", score, key, "{\"read\": []}", pinned),
                response -> response.status() == 200, "the recycled worker serving again");
    }

    private String logs(String endpoint, String deployment) {
        return aegis("ml", "online-deployment", "get-logs", "-n", deployment, "-e", endpoint, "--lines", "500").out();
    }

    private void createEndpoint(String endpoint) throws IOException {
        Path yml = Files.writeString(dir.resolve(endpoint + ".yml"), "name: " + endpoint + "\nauth_mode: key\n");
        assertThat(aegis("ml", "online-endpoint", "create", "-f", yml.toString()).exit()).isZero();
    }

    /** A deployment YAML beside a copy of the code folder, with the example's model folder. */
    private Path deployment(String endpoint, String name, Path code, int timeoutMs) throws IOException {
        return deployment(endpoint, name, code, dir.resolve("example/model"), timeoutMs);
    }

    private Path deployment(String endpoint, String name, Path code, Path model, int timeoutMs) throws IOException {
        Path folder = dir.resolve(name);
        copy(code, folder.resolve("code"));
        copy(model, folder.resolve("model"));
        return Files.writeString(folder.resolve("deployment.yml"), """
                name: %s
                endpoint_name: %s
                model:
                  path: ./model/
                code_configuration:
                  code: ./code/
                  scoring_script: score.py
                instance_count: 1
                request_settings:
                  request_timeout_ms: %d
                """.formatted(name, endpoint, timeoutMs));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.filter(p -> !p.toString().contains("__pycache__")).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
