package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.net.httpserver.HttpServer;
import io.aegisml.testmodels.TestModels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark (not part of ./mvnw verify; run by bench/run scoring): the seed's sample request against
 * the same ONNX model three ways, in the same run and on the same machine: a bare HTTP server in this
 * JVM (JDK HttpServer + ONNX Runtime, nothing else: the reference), scoring-service called directly,
 * and the whole path through the edge. Same clients, same concurrency, keep-alive connections.
 */
@ExtendWith(StackExtension.class)
class ScoringBench {

    static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
    static final String SAMPLE = "{\"data\": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // The JDK server otherwise writes headers and body in two packets, and Nagle's algorithm with
        // the client's delayed ACK adds ~40 ms to every answer: the reference would be unfairly slow.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Figures(String name, double perSecond, double p50, double p99, long errors) {
        String line(Figures reference) {
            return String.format("BENCH scoring %-22s %8.0f req/s (%.2fx the bare server)  p50 %6.2f ms  p99 %6.2f ms"
                    + "  errors %d", name, perSecond, perSecond / reference.perSecond(), p50, p99, errors);
        }
    }

    @Test
    void scoringThroughTheStackAgainstABareOnnxServer(AegisStack stack) throws Exception {
        DataPlaneBench.awaitQuietMachine();
        String key = keyEndpoint(stack, "bench", CLIENTS);
        String path = "/endpoints/" + endpointName + "/score";
        HttpServer bare = bareServer(CLIENTS);
        try {
            String bareUrl = "http://127.0.0.1:" + bare.getAddress().getPort() + "/score";
            Figures reference = measure("bare ONNX server", bareUrl, null);
            Figures direct = measure("scoring-service", stack.serviceUrl(Service.SCORING) + path, key);
            Figures edge = measure("edge -> scoring", stack.edgeUrl() + path, key);
            System.out.println(reference.line(reference));
            System.out.println(direct.line(reference));
            System.out.println(edge.line(reference));
            System.out.printf("BENCH scoring setup: %d clients, %d s measured after %d s warm-up, %d cores%n",
                    CLIENTS, MEASURE.toSeconds(), WARM_UP.toSeconds(), Runtime.getRuntime().availableProcessors());
        } finally {
            bare.stop(0);
        }
    }


    static String endpointName;

    /** A key endpoint "bench-…" with the regression model, admitting {@code concurrency} requests per instance. */
    static String keyEndpoint(AegisStack stack, String prefix, int concurrency) {
        return servedEndpoint(stack, prefix, concurrency, "key");
    }

    /** An endpoint of that auth mode serving the model; its credential (a key, or an aml_token of an hour). */
    static String servedEndpoint(AegisStack stack, String prefix, int concurrency, String authMode) {
        Api api = new Api(stack.edgeUrl());
        String owner = new Tokens(stack).admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String ws = "/api/subscriptions/sub-bench/resourceGroups/rg-" + run + "/workspaces/ws";
        String endpoint = prefix + "-" + run;
        endpointName = endpoint;
        assertThat(api.sendBytes("PUT", ws + "/models/linreg/versions/1", owner, TestModels.linearRegression(),
                Map.of("Content-Type", "application/octet-stream")).status()).isEqualTo(201);
        Map<String, String> yaml = Map.of("Content-Type", "application/yaml");
        assertThat(api.sendBytes("PUT", ws + "/onlineEndpoints/" + endpoint, owner,
                ("name: " + endpoint + "\nauth_mode: " + authMode + "\n").getBytes(), yaml).status()).isEqualTo(201);
        assertThat(api.sendBytes("PUT", ws + "/onlineEndpoints/" + endpoint + "/deployments/blue", owner, ("""
                name: blue
                model: azureml:linreg:1
                instance_count: 1
                request_settings:
                  max_concurrent_requests_per_instance: %d
                """.formatted(concurrency)).getBytes(), yaml).status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(90), () -> api.get(ws + "/onlineEndpoints/" + endpoint + "/deployments/blue",
                owner).json().get("provisioning_state").asString(), "Succeeded"::equals, "blue provisioned");
        assertThat(api.sendBytes("PUT", ws + "/onlineEndpoints/" + endpoint, owner,
                ("name: " + endpoint + "\nauth_mode: " + authMode + "\ntraffic: {blue: 100}\n").getBytes(), yaml).status())
                .isEqualTo(200);
        String key = authMode.equals("key")
                ? api.send("POST", ws + "/onlineEndpoints/" + endpoint + "/listKeys", owner, "", Map.of())
                        .json().get("primaryKey").asString()
                : Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", ws + "/onlineEndpoints/" + endpoint
                        + "/token", owner, "", Map.of()), r -> r.status() == 200, "a token for the endpoint")
                        .json().get("accessToken").asString();
        String path = "/endpoints/" + endpoint + "/score";
        Eventually.until(Duration.ofSeconds(15), () -> api.send("POST", path, key, SAMPLE, Map.of()).status(),
                s -> s == 200, "the endpoint answering");

        return key;
    }

    /** The reference: the model behind the least server that can answer the same request. */
    static HttpServer bareServer(int threads) throws Exception {
        return bareServer(threads, null);
    }

    /** The same over the JDK's TLS with {@code tls}' certificate (the stack's own), when given. */
    static HttpServer bareServer(int threads, io.aegisml.infrastructure.tls.TlsFiles tls) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        OrtSession session = env.createSession(TestModels.linearRegression(), options);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        } else {
            com.sun.net.httpserver.HttpsServer secure = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 128);
            secure.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(
                    io.aegisml.infrastructure.tls.Pem.serverContext(tls.certificate(), tls.privateKey())));
            server = secure;
        }
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/score", exchange -> {
            try (exchange) {
                JsonNode data = JSON.readTree(exchange.getRequestBody().readAllBytes()).get("data");
                float[][] rows = new float[data.size()][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = new float[data.get(r).size()];
                    for (int c = 0; c < rows[r].length; c++) {
                        rows[r][c] = data.get(r).get(c).floatValue();
                    }
                }
                byte[] answer;
                try (OnnxTensor input = OnnxTensor.createTensor(env, rows);
                     OrtSession.Result result = session.run(Map.of("input", input))) {
                    answer = JSON.writeValueAsBytes(result.get(0).getValue());
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.start();
        return server;
    }

    private static Figures measure(String name, String url, String key) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SAMPLE));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        HttpRequest request = builder.build();
        run(client, request, WARM_UP, new ArrayList<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long errors = run(client, request, MEASURE, latencies);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Figures(name, sorted.size() / (double) MEASURE.toSeconds(), percentile(sorted, 0.50),
                percentile(sorted, 0.99), errors);
    }

    /** CLIENTS threads, each sending requests one after another for the duration; returns the errors. */
    private static long run(HttpClient client, HttpRequest request, Duration duration, List<Long> latencies)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            results.add(clients.submit(() -> {
                long errors = 0;
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200) {
                        latencies.add(System.nanoTime() - started);
                    } else {
                        errors++;
                    }
                }
                return errors;
            }));
        }
        long errors = 0;
        for (Future<Long> result : results) {
            errors += result.get();
        }
        clients.shutdown();
        return errors;
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
