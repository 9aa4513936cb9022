package io.aegisml.devstack;

import static io.aegisml.devstack.CliE2EIT.aegis;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.devstack.CliE2EIT.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scoring script on the data plane against the same {@code run()} behind a bare Python http.server
 * ({@code bench/bare_score_server.py}), measured with wrk in the same run: the examples' scikit-learn regression
 * and {@code onlinescoring/score.py}, one worker process with {@value #SLOTS} request slots against one server
 * process with a thread per connection, {@value #SLOTS} connections each. Run by {@code bench/run scripts}.
 */
@ExtendWith(StackExtension.class)
class ScriptBench {

    static final int SLOTS = 4;
    static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final Path REPO = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /**
     * The reference: {@code bench/bare_score_server.py} with the same script and model. As the worker does, it sets the
     * script's logging to INFO on stderr (here a file), so run()'s line per request is written by both.
     */
    private Process bareServer(Path example, int port, boolean withoutLogging) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3",
                REPO.resolve("bench/bare_score_server.py").toString(), example.resolve("onlinescoring").toString(), "score.py",
                dir.toString(), String.valueOf(port), String.valueOf(SLOTS)));
        if (withoutLogging) {
            command.add("--no-logging");
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bare-" + port + ".log").toFile()).start();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aScoringScriptAgainstTheSameRunBehindABarePythonServer(AegisStack stack) throws Exception {
        assertThat(DataPlaneBench.PLAINTEXT_PORT).as("bench/run sets AEGIS_DATA_PLANE_PLAINTEXT_PORT").isPositive();
        Path example = REPO.resolve("examples/scoring-scripts");
        Path model = dir.resolve("model");
        Process made = new ProcessBuilder("/usr/bin/python3", example.resolve("make_model.py").toString(), model.toString())
                .redirectErrorStream(true).start();
        assertThat(made.waitFor()).as(new String(made.getInputStream().readAllBytes())).isZero();

        System.setProperty("aegis.config.dir", dir.resolve("home").toString());
        assertThat(aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(), "--url", stack.edgeUrl(),
                "--issuer", stack.infrastructure().tokenIssuer()).exit()).isZero();
        assertThat(aegis("configure", "--defaults", "subscription=bench", "group=rg", "workspace=ws").exit()).isZero();
        Path endpoint = Files.writeString(dir.resolve("endpoint.yml"), "name: script-bench\nauth_mode: key\n");
        assertThat(aegis("ml", "online-endpoint", "create", "-f", endpoint.toString()).exit()).isZero();
        Path deployment = Files.writeString(dir.resolve("deployment.yml"), """
                name: blue
                endpoint_name: script-bench
                model:
                  path: %s
                code_configuration:
                  code: %s
                  scoring_script: score.py
                instance_count: 1
                request_settings:
                  max_concurrent_requests_per_instance: %d
                """.formatted(model, example.resolve("onlinescoring"), SLOTS));
        Run deployed = aegis("ml", "online-deployment", "create", "-f", deployment.toString(), "--all-traffic");
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        String key = aegis("ml", "online-endpoint", "get-credentials", "-n", "script-bench").json().get("primaryKey").asString();
        String url = "http://127.0.0.1:" + DataPlaneBench.PLAINTEXT_PORT + "/endpoints/script-bench/score";
        Eventually.until(Duration.ofSeconds(15), () -> new Api(stack.edgeUrl(), "http://127.0.0.1:"
                + DataPlaneBench.PLAINTEXT_PORT).send("POST", "/endpoints/script-bench/score", key, ScoringBench.SAMPLE,
                java.util.Map.of()).status(), status -> status == 200, "the deployment answering");

        int port = io.aegisml.infrastructure.process.Probes.freePort();
        // The model folder holds the file under model/, as AZUREML_MODEL_DIR does for a folder named model.
        Process bare = bareServer(example, port, false);
        // For information: the same server with Python's default logging (WARNING), which drops run()'s INFO line.
        int quietPort = io.aegisml.infrastructure.process.Probes.freePort();
        Process quiet = bareServer(example, quietPort, true);
        try {
            for (int listening : List.of(port, quietPort)) {
                Eventually.until(Duration.ofSeconds(15), () -> {
                    try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", listening)) {
                        return true;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, up -> up, "the bare server listening");
            }
            DataPlaneBench.awaitQuietMachine();
            // The service's JIT warmed first, unmeasured.
            DataPlaneBench.wrk("warm-up", url, key, 0, 10, SLOTS);
            // Rounds of the reference then the script, alternated: on two shared cores a run's figures move by a
            // third from minute to minute, and a ratio of two phases minutes apart measures that drift as much as
            // the platform. The result is the median of the rounds' ratios.
            List<Double> ratios = new java.util.ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                DataPlaneBench.Phase reference = DataPlaneBench.wrk("bare Python http.server", "http://127.0.0.1:" + port
                        + "/score", null, 5, SECONDS, SLOTS);
                DataPlaneBench.Phase script = DataPlaneBench.wrk("score.py on the data plane", url, key, 5, SECONDS, SLOTS);
                for (DataPlaneBench.Phase phase : List.of(reference, script)) {
                    System.out.println(phase.line(reference).replace("BENCH dataplane", "BENCH scripts round " + round)
                            .replace("the bare server", "the bare Python server"));
                }
                assertThat(script.perSecond()).isPositive();
                assertThat(reference.perSecond()).isPositive();
                ratios.add(script.perSecond() / reference.perSecond());
            }
            List<Double> sorted = ratios.stream().sorted().toList();
            System.out.printf("BENCH scripts score.py on the data plane vs the bare Python server over %d rounds: median %.2fx"
                    + " (min %.2fx, max %.2fx)%n", ROUNDS, sorted.get(sorted.size() / 2), sorted.get(0),
                    sorted.get(sorted.size() - 1));
            DataPlaneBench.Phase unlogged = DataPlaneBench.wrk("bare server, logging off", "http://127.0.0.1:" + quietPort
                    + "/score", null, 5, SECONDS, SLOTS);
            System.out.printf("BENCH scripts for information: the bare server with Python's default logging (run()'s INFO line"
                    + " dropped, unlike the worker's): %.0f req/s, p50 %s, p99 %s%n", unlogged.perSecond(), unlogged.p50(),
                    unlogged.p99());
            System.out.printf("BENCH scripts setup: wrk -t%d -c%d, %d s measured after 5 s warm-up per phase, one worker with %d slots"
                    + " vs one ThreadingHTTPServer, %d cores, same machine%n", DataPlaneBench.THREADS, SLOTS, SECONDS,
                    SLOTS, Runtime.getRuntime().availableProcessors());
        } finally {
            bare.destroyForcibly();
            quiet.destroyForcibly();
            System.clearProperty("aegis.config.dir");
        }
    }
}
