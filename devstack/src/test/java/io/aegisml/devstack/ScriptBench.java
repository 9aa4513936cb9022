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

    private static String median(String what, List<Double> ratios) {
        List<Double> sorted = ratios.stream().sorted().toList();
        return String.format("BENCH scripts %s over %d rounds: median %.2fx (min %.2fx, max %.2fx)", what, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
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
            // Rounds of three phases — the reference (the script's logging as the worker sets it), the script on the
            // data plane, the same server with Python's default logging (run()'s INFO line dropped, which the worker
            // may not do) — in an order rotated each round, so that each phase comes first, second and last once
            // (a phase's figure moves by a third from minute to minute here, and what one phase leaves behind lands
            // in the next). The results are the medians of the rounds' ratios.
            String bareUrl = "http://127.0.0.1:" + port + "/score";
            String quietUrl = "http://127.0.0.1:" + quietPort + "/score";
            List<Double> ratios = new java.util.ArrayList<>();
            List<Double> unloggedRatios = new java.util.ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                java.util.Map<String, DataPlaneBench.Phase> measured = new java.util.HashMap<>();
                List<String> order = new java.util.ArrayList<>(List.of("reference", "script", "unlogged"));
                java.util.Collections.rotate(order, -(round - 1));
                for (String phase : order) {
                    measured.put(phase, switch (phase) {
                        case "reference" -> DataPlaneBench.wrk("bare Python http.server", bareUrl, null, 5, SECONDS, SLOTS);
                        case "script" -> DataPlaneBench.wrk("score.py on the data plane", url, key, 5, SECONDS, SLOTS);
                        default -> DataPlaneBench.wrk("bare server, logging off", quietUrl, null, 5, SECONDS, SLOTS);
                    });
                }
                DataPlaneBench.Phase reference = measured.get("reference");
                DataPlaneBench.Phase script = measured.get("script");
                DataPlaneBench.Phase unlogged = measured.get("unlogged");
                for (DataPlaneBench.Phase phase : List.of(reference, script, unlogged)) {
                    System.out.println(phase.line(reference).replace("BENCH dataplane", "BENCH scripts round " + round)
                            .replace("the bare server", "the bare Python server"));
                }
                System.out.printf("BENCH scripts round %d order %s; score.py vs the server with logging off: %.2fx%n", round,
                        order, script.perSecond() / unlogged.perSecond());
                assertThat(script.perSecond()).isPositive();
                assertThat(reference.perSecond()).isPositive();
                assertThat(unlogged.perSecond()).isPositive();
                ratios.add(script.perSecond() / reference.perSecond());
                unloggedRatios.add(script.perSecond() / unlogged.perSecond());
            }
            System.out.println(median("score.py on the data plane vs the bare Python server (logging as the worker's)", ratios));
            System.out.println(median("score.py on the data plane vs the bare Python server with logging off", unloggedRatios));
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
