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

    record Phase(String name, double perSecond, String p50, String p99, long non2xx, long socketErrors) {
        String line(Phase reference) {
            return String.format("BENCH dataplane %-24s %9.0f req/s  %.2fx the bare server  p50 %8s  p99 %8s  non-2xx %d"
                    + "  socket errors %d", name, perSecond, perSecond / reference.perSecond(), p50, p99, non2xx, socketErrors);
        }
    }

    @Test
    void theDataPlaneAgainstABareServerWithWrk(AegisStack stack) throws Exception {
        String key = ScoringBench.keyEndpoint(stack, "plane", CONNECTIONS);
        String path = "/endpoints/" + ScoringBench.endpointName + "/score";
        HttpServer bare = ScoringBench.bareServer(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        try {
            String bareUrl = "http://127.0.0.1:" + bare.getAddress().getPort() + "/score";
            List<Phase> phases = new ArrayList<>();
            Phase reference = wrk("bare ONNX server", bareUrl, null);
            phases.add(reference);
            phases.add(wrk("data plane (key)", stack.dataPlaneUrl().replace("localhost", "127.0.0.1") + path, key));
            phases.add(wrk("scoring-service MVC", stack.serviceUrl(Service.SCORING).replace("localhost", "127.0.0.1") + path, key));
            phases.add(wrk("edge route", stack.edgeUrl().replace("localhost", "127.0.0.1") + path, key));
            for (Phase phase : phases) {
                System.out.println(phase.line(reference));
            }
            System.out.printf("BENCH dataplane setup: wrk -t%d -c%d, %d s measured after %d s warm-up, %d cores, same machine%n",
                    THREADS, CONNECTIONS, SECONDS, WARM_UP_SECONDS, Runtime.getRuntime().availableProcessors());
            for (Phase phase : phases) {
                assertThat(phase.perSecond()).as(phase.name() + " answered").isPositive();
            }
        } finally {
            bare.stop(0);
        }
    }

    private static Phase wrk(String name, String url, String key) throws Exception {
        Path script = Files.createTempFile("aegis-bench", ".lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.body = '%s'
                wrk.headers["Content-Type"] = "application/json"
                %s
                """.formatted(ScoringBench.SAMPLE, key == null ? "" : "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\""));
        try {
            run(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + WARM_UP_SECONDS + "s", "-s", script.toString(), url));
            String out = run(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + SECONDS + "s", "--latency",
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
        if (!process.waitFor(SECONDS + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
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
