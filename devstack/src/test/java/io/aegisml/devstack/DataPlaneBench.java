package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The data plane against a bare server, with a light native load generator ({@code wrk}, closed loop, keep-alive)
 * rather than an in-JVM client, which would measure itself: the same model and request behind a bare JDK
 * HttpServer + ONNX Runtime (the reference, measured in the same run), the data plane's own listener with key
 * auth, scoring-service's MVC route, and the edge's compatibility route. Prints each phase's throughput and
 * latency percentiles with its ratio to the reference. Run by {@code bench/run dataplane}.
 */
@ExtendWith(StackExtension.class)
class DataPlaneBench {

    static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup", 5);
    static final int JIT_WARM_UP_SECONDS = Integer.getInteger("bench.jit-warmup", 20);
    /** bench/loadgen.c, compiled by bench/run: the open-loop and overload phases. */
    static final String LOADGEN = System.getProperty("bench.loadgen", "");
    /** The overload phase: a deployment admitting 2 x 64 in flight, called by 256 connections. */
    static final int OVERLOAD_CONCURRENCY = 64;
    static final int OVERLOAD_CONNECTIONS = 256;

    /** What aegis-loadgen printed: throughput, answers by status, and latency percentiles in ms. */
    record Load(double perSecond, long ok, long busy, long other, long timeouts, long errors,
                double okP50, double okP99, double okP999, double busyP50, double busyP99, long backlog) {
        static Load parse(String out) {
            return new Load(number(out, "requests/s ([0-9.]+)"), (long) number(out, "\\n2xx ([0-9]+)"),
                    (long) number(out, "\\n429 ([0-9]+)"), (long) number(out, "other ([0-9]+)"),
                    (long) number(out, "timeouts ([0-9]+)"), (long) number(out, "errors ([0-9]+)"),
                    number(out, "2xx p50 ([0-9.]+)"), number(out, "2xx p50 [0-9.]+ p99 ([0-9.]+)"),
                    number(out, "p99.9 ([0-9.]+)"), number(out, "429 p50 ([0-9.]+)"),
                    number(out, "429 p50 [0-9.]+ p99 ([0-9.]+)"),
                    (long) number(out, "backlog at the end ([0-9]+)"));
        }
    }

    record Phase(String name, double perSecond, String p50, String p99, long non2xx, long socketErrors) {
        String line(Phase reference) {
            return String.format("BENCH dataplane %-24s %9.0f req/s  %.2fx the bare server  p50 %8s  p99 %8s  non-2xx %d"
                    + "  socket errors %d", name, perSecond, perSecond / reference.perSecond(), p50, p99, non2xx, socketErrors);
        }
    }

    /**
     * Before a phase: waits (at most a minute) until the machine's cores are at most 15 % busy over a second, so that
     * what the phase before left behind — audit-service folding its telemetry, Kafka, the JIT — is not measured in
     * this one (the open-loop phases came right after the edge's and TLS phases, and paid for their telemetry).
     */
    static void awaitIdleCpu() throws Exception {
        long started = System.nanoTime();
        long[] before = cpuTimes();
        double busy = 1;
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(1000);
            long[] after = cpuTimes();
            long total = after[0] - before[0];
            busy = total <= 0 ? 1 : 1 - (double) (after[1] - before[1]) / total;
            if (busy <= 0.15) {
                break;
            }
            before = after;
        }
        long waited = (System.nanoTime() - started) / 1_000_000_000L;
        if (waited > 1) {
            System.out.printf("BENCH (waited %d s for the machine to be quiet before the next phase: %.0f%% busy)%n", waited,
                    100 * busy);
        }
    }

    /** All cores' time since boot, in ticks: {total, idle (idle + iowait)}, from /proc/stat's first line. */
    private static long[] cpuTimes() throws java.io.IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    }

    /** bench/run's extra clear-text listener on the data plane (local use), beside its TLS one. */
    static final int PLAINTEXT_PORT = Integer.parseInt(System.getenv().getOrDefault("AEGIS_DATA_PLANE_PLAINTEXT_PORT", "0"));

    /**
     * Before anything is measured: the class-data archives of this build's first starts are written by a background
     * JVM, one to two minutes of a core on a fresh build; measured beside it, a reference or a phase loses a share
     * of the machine the other did not (a run of {@code bench/run scripts} put the dump in the reference's phase).
     */
    static void awaitQuietMachine() throws InterruptedException {
        long started = System.nanoTime();
        boolean done = ClassDataSharing.awaitArchives(java.time.Duration.ofMinutes(5));
        System.out.printf("BENCH waited %d s for the stack's class-data archives%s%n", (System.nanoTime() - started) / 1_000_000_000L,
                done ? "" : " (not all written: measuring anyway)");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.MINUTES) // some fifteen phases, beyond the suite's default
    void theDataPlaneAgainstABareServerWithWrk(AegisStack stack) throws Exception {
        assertThat(PLAINTEXT_PORT).as("bench/run sets AEGIS_DATA_PLANE_PLAINTEXT_PORT").isPositive();
        awaitQuietMachine();
        String key = ScoringBench.keyEndpoint(stack, "plane", CONNECTIONS);
        String path = "/endpoints/" + ScoringBench.endpointName + "/score";
        String token = ScoringBench.servedEndpoint(stack, "plane-aml", CONNECTIONS, "aml_token");
        String tokenPath = "/endpoints/" + ScoringBench.endpointName + "/score";
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        HttpServer bare = ScoringBench.bareServer(threads);
        HttpServer bareTls = ScoringBench.bareServer(threads, stack.tls());
        try {
            String bareUrl = "http://127.0.0.1:" + bare.getAddress().getPort() + "/score";
            String plain = "http://127.0.0.1:" + PLAINTEXT_PORT;
            String dataPlaneTls = stack.dataPlaneUrl().replace("localhost", "127.0.0.1");
            // The services' JIT is warmed once, unmeasured, before the steady-state phases (the bare server, plain code,
            // warms within its own phase's warm-up); the cold phase at the end measures the first seconds instead.
            wrk("JIT warm-up (not measured)", plain + path, key, 0, JIT_WARM_UP_SECONDS);
            wrk("JIT warm-up (not measured)", dataPlaneTls + path, key, 0, JIT_WARM_UP_SECONDS / 2);
            // Its telemetry (a few hundred thousand records) is folded by audit-service before anything is measured:
            // each phase waits for a quiet machine first (awaitIdleCpu), else the reference would share the cores
            // with that work and look slower than it is.
            List<Phase> phases = new ArrayList<>();
            Phase reference = wrk("bare ONNX server", bareUrl, null);
            phases.add(reference);
            phases.add(wrk("data plane (key)", plain + path, key));
            phases.add(wrk("data plane (aml_token)", plain + tokenPath, token));
            phases.add(wrk("scoring-service MVC", stack.serviceUrl(Service.SCORING).replace("localhost", "127.0.0.1") + path, key));
            for (Phase phase : phases) {
                System.out.println(phase.line(reference));
            }
            // The same over TLS, against the bare server behind the JDK's TLS with the stack's own certificate.
            List<Phase> tls = new ArrayList<>();
            Phase tlsReference = wrk("bare ONNX server, TLS", "https://127.0.0.1:" + bareTls.getAddress().getPort() + "/score", null);
            tls.add(tlsReference);
            tls.add(wrk("data plane (key), TLS", dataPlaneTls + path, key));
            tls.add(wrk("data plane (aml), TLS", dataPlaneTls + tokenPath, token));
            tls.add(wrk("edge route, TLS", stack.edgeUrl().replace("localhost", "127.0.0.1") + path, key));
            for (Phase phase : tls) {
                System.out.println(phase.line(tlsReference).replace("the bare server", "the bare TLS server"));
            }
            if (!LOADGEN.isEmpty()) {
                openLoop("bare ONNX server", bareUrl, null, reference.perSecond());
                openLoop("data plane (key)", plain + path, key, phases.get(1).perSecond());
                overload(stack);
            }
            coldStart(stack, plain + path, key, reference);
            System.out.printf("BENCH dataplane setup: wrk -t%d -c%d, %d s measured after %d s warm-up, %d cores, same machine%n",
                    THREADS, CONNECTIONS, SECONDS, WARM_UP_SECONDS, Runtime.getRuntime().availableProcessors());
            for (Phase phase : phases) {
                assertThat(phase.perSecond()).as(phase.name() + " answered").isPositive();
            }
            for (Phase phase : tls) {
                assertThat(phase.perSecond()).as(phase.name() + " answered").isPositive();
            }
        } finally {
            bare.stop(0);
            bareTls.stop(0);
        }
    }

    /**
     * The first 10 s after scoring-service says it is ready: it is stopped and started again, and as soon as the
     * endpoint answers, wrk runs for 10 s with no warm-up of its own (a cold JIT shows here, not in the phases above).
     */
    private static void coldStart(AegisStack stack, String url, String key, Phase reference) throws Exception {
        stack.stop(Service.SCORING);
        long stopped = System.nanoTime();
        stack.start(Service.SCORING);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ScoringBench.SAMPLE)).build();
        Eventually.until(java.time.Duration.ofSeconds(120), () -> {
            try {
                return client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException | InterruptedException e) {
                return -1;
            }
        }, s -> s == 200, "the endpoint served again");
        double upAfter = (System.nanoTime() - stopped) / 1e9;
        Phase cold = wrkOnce("first 10 s after a restart", url, key, 10);
        System.out.println(cold.line(reference) + String.format("  (served again %.1f s after the restart began)", upAfter));
    }

    /**
     * Latency at half of the phase's measured peak, open loop: requests are due at a fixed rate whatever the server
     * does, and each one's latency runs from when it was due (a stalled server's queue shows in the tail).
     */
    private static void openLoop(String name, String url, String key, double peak) throws Exception {
        int rate = (int) (peak / 2);
        awaitIdleCpu();
        // As many connections as the deployment admits in flight (2 x max_concurrent_requests_per_instance).
        Load load = Load.parse(run(loadgen(url, key, 2 * CONNECTIONS, rate)));
        System.out.printf("BENCH dataplane open loop %-18s %6d req/s due (50%% of peak)  p50 %6.2fms  p99 %6.2fms  "
                + "p99.9 %6.2fms  non-2xx %d  timeouts %d  not sent %d%n", name, rate, load.okP50(), load.okP99(),
                load.okP999(), load.busy() + load.other(), load.timeouts(), load.backlog());
    }

    /**
     * Overload is shed, not queued: a deployment admitting 2 x 64 in flight, first unloaded (16 connections), then
     * called by 256 connections, closed loop. The excess must get 429 at once, the admitted keep their latency.
     */
    private static void overload(AegisStack stack) throws Exception {
        String key = ScoringBench.keyEndpoint(stack, "overload", OVERLOAD_CONCURRENCY);
        String url = "http://127.0.0.1:" + PLAINTEXT_PORT + "/endpoints/" + ScoringBench.endpointName + "/score";
        awaitIdleCpu();
        Load unloaded = Load.parse(run(loadgen(url, key, 16, 0)));
        awaitIdleCpu();
        Load loaded = Load.parse(run(loadgen(url, key, OVERLOAD_CONNECTIONS, 0)));
        System.out.printf("BENCH dataplane overload unloaded (16 conns)   %6.0f req/s  2xx p99 %6.2fms  429 %d%n",
                unloaded.perSecond(), unloaded.okP99(), unloaded.busy());
        System.out.printf("BENCH dataplane overload %d conns, %d admitted %6.0f req/s  2xx %d p99 %6.2fms (%.1fx unloaded)"
                + "  429 %d p50 %6.2fms p99 %6.2fms  other %d  timeouts %d  errors %d%n", OVERLOAD_CONNECTIONS,
                2 * OVERLOAD_CONCURRENCY, loaded.perSecond(), loaded.ok(), loaded.okP99(),
                loaded.okP99() / Math.max(unloaded.okP99(), 0.001), loaded.busy(), loaded.busyP50(), loaded.busyP99(),
                loaded.other(),
                loaded.timeouts(), loaded.errors());
    }

    private static List<String> loadgen(String url, String key, int connections, int rate) {
        List<String> command = new ArrayList<>(List.of(LOADGEN, "-u", url, "-b", ScoringBench.SAMPLE,
                "-c", String.valueOf(connections), "-d", String.valueOf(SECONDS), "-w", String.valueOf(WARM_UP_SECONDS)));
        if (key != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + key));
        }
        if (rate > 0) {
            command.addAll(List.of("-r", String.valueOf(rate)));
        }
        return command;
    }

    private static Phase wrk(String name, String url, String key) throws Exception {
        return wrk(name, url, key, WARM_UP_SECONDS, SECONDS);
    }

    /** No warm-up: the first seconds as they are. */
    private static Phase wrkOnce(String name, String url, String key, int seconds) throws Exception {
        return wrk(name, url, key, 0, seconds);
    }

    private static Phase wrk(String name, String url, String key, int warmUpSeconds, int seconds) throws Exception {
        return wrk(name, url, key, warmUpSeconds, seconds, CONNECTIONS);
    }

    /** One phase of wrk with the seed's sample request (and the key as bearer, if any). */
    static Phase wrk(String name, String url, String key, int warmUpSeconds, int seconds, int connections)
            throws Exception {
        Path script = Files.createTempFile("aegis-bench", ".lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.body = '%s'
                wrk.headers["Content-Type"] = "application/json"
                %s
                """.formatted(ScoringBench.SAMPLE, key == null ? "" : "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\""));
        try {
            if (warmUpSeconds > 0) { // (phases without a warm-up measure a moment on purpose: the first seconds)
                awaitIdleCpu();
                run(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + warmUpSeconds + "s", "-s", script.toString(), url));
            }
            String out = run(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + seconds + "s", "--latency",
                    "-s", script.toString(), url));
            return new Phase(name, number(out, "Requests/sec:\\s+([0-9.]+)"), text(out, "\\s50%\\s+(\\S+)"),
                    text(out, "\\s99%\\s+(\\S+)"), (long) number(out, "Non-2xx or 3xx responses:\\s+([0-9]+)"),
                    socketErrors(out));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(SECONDS + WARM_UP_SECONDS + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String text(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    private static long socketErrors(String out) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (!m.find()) {
            return 0;
        }
        long total = 0;
        for (int i = 1; i <= 4; i++) {
            total += Long.parseLong(m.group(i));
        }
        return total;
    }
}
