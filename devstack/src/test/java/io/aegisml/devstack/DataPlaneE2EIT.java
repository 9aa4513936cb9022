package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aegisml.testmodels.TestModels;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The data plane's own listener, where endpoints' scoring_uri points: the score and Open Inference Protocol
 * routes with today's contract (statuses, JSON errors, request ids, pinning), the body read only after
 * authentication, health routes; and the edge's compatibility route still answering the same.
 */
@ExtendWith(StackExtension.class)
class DataPlaneE2EIT {

    static AegisStack stack;
    static Api api;
    static Api dataPlane;
    static ModelServingE2EIT.Workspace ws;
    static String endpoint;
    static String key;
    static String admin;
    private static final double[] EXPECTED = TestModels.expectedLinearRegression(
            new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}});

    @BeforeAll
    static void anEndpointWithAKey(AegisStack running) {
        stack = running;
        api = new Api(running.edgeUrl());
        dataPlane = new Api(running.dataPlaneUrl());
        admin = new Tokens(running).admin();
        ws = new ModelServingE2EIT.Workspace(api, admin);
        endpoint = "plane-" + ws.run;
        key = ws.servingKeyEndpoint(endpoint);
    }

    @Test
    void theScoringUriIsTheDataPlaneAndServesTheSeedSample() {
        String uri = api.get(ws.path + "/onlineEndpoints/" + endpoint, admin).json().get("scoring_uri").asString();
        assertThat(uri).isEqualTo(stack.dataPlaneUrl() + "/endpoints/" + endpoint + "/score");
        Api.Response scored = dataPlane.send("POST", URI.create(uri).getPath(), key, ModelServingE2EIT.SAMPLE,
                Map.of("x-ms-client-request-id", "client-42"));
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        assertThat(scored.json().get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));
        assertThat(scored.json().get(1).asDouble()).isCloseTo(EXPECTED[1], within(1e-3));
        assertThat(scored.header("x-request-id")).isNotBlank();
        assertThat(scored.header("x-ms-client-request-id")).isEqualTo("client-42");
        assertThat(scored.header("azureml-model-deployment")).isEqualTo("blue");
        // The edge's route answers the same (compatibility).
        Api.Response viaEdge = api.send("POST", "/endpoints/" + endpoint + "/score", key, ModelServingE2EIT.SAMPLE, Map.of());
        assertThat(viaEdge.status()).isEqualTo(200);
        assertThat(viaEdge.json().get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));
    }

    /**
     * The edge and both data-plane listeners speak TLS only: a request in clear text, even with a valid key, gets no
     * HTTP answer at all; a client that does not trust the stack's CA cannot connect; every answer over TLS carries
     * HSTS; the certificate served is the one made from the stack's own CA.
     */
    @Test
    void theFrontDoorsSpeakTlsOnly() throws Exception {
        String score = "/endpoints/" + endpoint + "/score";
        for (String door : List.of(stack.edgeUrl(), stack.dataPlaneUrl(), stack.privateDataPlaneUrl())) {
            URI secure = URI.create(door);
            assertThat(secure.getScheme()).isEqualTo("https");
            byte[] body = ModelServingE2EIT.SAMPLE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (java.net.Socket clear = new java.net.Socket(secure.getHost(), secure.getPort())) {
                clear.setSoTimeout(10_000);
                clear.getOutputStream().write(("POST " + score + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                clear.getOutputStream().write(body);
                clear.getOutputStream().flush();
                byte[] answer = readUntilClosed(clear.getInputStream());
                assertThat(new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1)).as(door + " in clear text")
                        .doesNotContain("HTTP/1.").doesNotContain("385");
            }
            javax.net.ssl.SSLSocketFactory untrusting = io.aegisml.infrastructure.tls.Pem.trusting(null).getSocketFactory();
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) untrusting.createSocket(secure.getHost(), secure.getPort())) {
                socket.setSoTimeout(10_000);
                org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake).as(door + " to a client that does "
                        + "not trust the stack's CA").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            }
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) FromAddress.connect(secure, null)) {
                java.security.cert.X509Certificate served = (java.security.cert.X509Certificate)
                        socket.getSession().getPeerCertificates()[0];
                assertThat(served).isEqualTo(io.aegisml.infrastructure.tls.Pem.certificates(stack.tls().certificate()).get(0));
            }
        }
        // HSTS for a named host on every answer (the edge's own early 413 included), none for loopback names.
        URI edge = URI.create(stack.edgeUrl());
        URI plane = URI.create(stack.dataPlaneUrl());
        assertThat(headLines(plane, "GET /health/live", "aegis.example.test")).contains("strict-transport-security: max-age=31536000");
        assertThat(headLines(plane, "POST " + score, "aegis.example.test")).startsWith("http/1.1 401")
                .contains("strict-transport-security: max-age=31536000");
        assertThat(headLines(edge, "GET /actuator/health", "aegis.example.test")).contains("strict-transport-security: max-age=31536000");
        assertThat(headLines(edge, "GET " + ws.path, "aegis.example.test")).startsWith("http/1.1 401")
                .contains("strict-transport-security: max-age=31536000");
        assertThat(headLines(edge, "POST " + ws.path + "/models/m/versions/1", "aegis.example.test\r\nContent-Length: 999999999999"))
                .startsWith("http/1.1 413").contains("strict-transport-security: max-age=31536000");
        assertThat(headLines(plane, "GET /health/live", "localhost:" + plane.getPort())).startsWith("http/1.1 200")
                .doesNotContain("strict-transport-security");
        assertThat(headLines(edge, "GET /actuator/health", "127.0.0.1")).startsWith("http/1.1 200")
                .doesNotContain("strict-transport-security");
    }

    /** The status line and headers (lower-cased) of one request over TLS naming {@code host} (and what follows it); no body is sent. */
    private static String headLines(URI base, String requestLine, String host) throws Exception {
        try (java.net.Socket socket = FromAddress.connect(base, null)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line.toLowerCase(java.util.Locale.ROOT)).append('\n');
            }
            return head.toString();
        }
    }

    /** What a server sends before it closes the connection (a TLS listener: an alert at most, never HTTP). */
    private static byte[] readUntilClosed(java.io.InputStream in) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.io.IOException closedOrReset) {
            // a reset is an answer too: nothing was served
        }
        return bytes.toByteArray();
    }

    @Test
    void theOpenInferenceProtocolRoutesAnswerOnTheDataPlane() {
        Api.Response inferred = dataPlane.send("POST", "/endpoints/" + endpoint + "/v2/models/linreg/infer", key, """
                {"id": "r1", "inputs": [{"name": "input", "shape": [1, 10], "datatype": "FP32",
                 "data": [1,2,3,4,5,6,7,8,9,10]}]}""", Map.of());
        assertThat(inferred.status()).as(inferred.body()).isEqualTo(200);
        assertThat(inferred.json().get("id").asString()).isEqualTo("r1");
        Api.Response metadata = dataPlane.get("/endpoints/" + endpoint + "/v2/models/linreg", key);
        assertThat(metadata.status()).as(metadata.body()).isEqualTo(200);
        assertThat(metadata.json().get("platform").asString()).isEqualTo("onnxruntime_onnx");
    }

    @Test
    void refusalsKeepTheirStatusesAndJsonErrors() throws Exception {
        assertError(dataPlane.send("POST", "/endpoints/" + endpoint + "/score", "wrong", ModelServingE2EIT.SAMPLE, Map.of()), 401);
        assertError(dataPlane.send("POST", "/endpoints/" + endpoint + "/score", null, ModelServingE2EIT.SAMPLE, Map.of()), 401);
        assertError(dataPlane.send("POST", "/endpoints/nothing-" + ws.run + "/score", key, ModelServingE2EIT.SAMPLE, Map.of()), 404);
        assertError(dataPlane.send("POST", "/endpoints/" + endpoint + "/score", key, "{not json", Map.of()), 400);
        assertError(dataPlane.send("POST", "/endpoints/" + endpoint + "/score", key, "{\"data\": [[1, 2]]}", Map.of()), 400);
        assertError(dataPlane.send("POST", "/endpoints/" + endpoint + "/score", key, ModelServingE2EIT.SAMPLE,
                Map.of("azureml-model-deployment", "green")), 404);
        assertError(dataPlane.get("/elsewhere", key), 404);
        // Pinning by name follows the case rule.
        assertThat(dataPlane.send("POST", "/endpoints/" + endpoint.toUpperCase() + "/score", key, ModelServingE2EIT.SAMPLE,
                Map.of("azureml-model-deployment", "BLUE")).status()).isEqualTo(200);
        // No key: answered before the (announced 10 MB) body is sent; a key holder announcing 17 MB is told 413.
        URI base = URI.create(stack.dataPlaneUrl());
        assertThat(TenantIsolationE2EIT.statusBeforeTheBodyEnds(base, "/endpoints/" + endpoint + "/score", "wrong", 10_000_000))
                .isEqualTo(401);
        assertThat(TenantIsolationE2EIT.statusBeforeTheBodyEnds(base, "/endpoints/" + endpoint + "/score", key, 17_000_000))
                .isEqualTo(413);
        // The connection that was refused is closed, others still serve.
        assertThat(dataPlane.send("POST", "/endpoints/" + endpoint + "/score", key, ModelServingE2EIT.SAMPLE, Map.of())
                .status()).isEqualTo(200);
    }

    private static final java.util.concurrent.atomic.AtomicReference<String> FIRST_WRONG =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Every answer is its caller's own: each of many requests, on kept-alive connections, gets its own id back. */
    @Test
    void everyAnswerGoesToItsOwnRequest() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.List<java.util.concurrent.Future<Integer>> mismatches = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            mismatches.add(clients.submit(() -> {
                int wrong = 0;
                for (int i = 0; i < 250; i++) {
                    // Bodies of 1 to 3 rows: each answer must have as many predictions as its own request had rows.
                    int rows = 1 + (i + thread) % 3;
                    String body = "{\"data\": [" + String.join(",", java.util.Collections.nCopies(rows,
                            "[1,2,3,4,5,6,7,8,9,10]")) + "]}";
                    String id = "c" + thread + "-" + i;
                    Api.Response r = dataPlane.send("POST", "/endpoints/" + endpoint + "/score", key, body,
                            Map.of("x-ms-client-request-id", id));
                    // The deployment admits two at a time (max_concurrent_requests_per_instance 1): the rest is shed (429).
                    boolean own = id.equals(r.header("x-ms-client-request-id"))
                            && (r.status() == 429 || r.status() == 200 && r.json().size() == rows);
                    if (!own) {
                        wrong++;
                        FIRST_WRONG.compareAndSet(null, id + " rows " + rows + ": " + r.status() + " "
                                + r.header("x-ms-client-request-id") + " " + r.body());
                    }
                }
                return wrong;
            }));
        }
        int wrong = 0;
        for (var m : mismatches) {
            wrong += m.get();
        }
        clients.shutdown();
        assertThat(wrong).as("first: %s", FIRST_WRONG.get()).isZero();
    }

    /**
     * {@code public_network_access: disabled}: the endpoint answers only on the private listener (standing for
     * Azure's private endpoint); on the public one and through the edge it is 403 with a JSON reason.
     */
    @Test
    void aClosedEndpointAnswersOnlyOnThePrivateListener() {
        ModelServingE2EIT.Workspace other = new ModelServingE2EIT.Workspace(api, admin); // its own model registry
        String closed = "closed-" + other.run;
        String closedKey = other.servingKeyEndpoint(closed);
        assertThat(other.putYaml("/onlineEndpoints/" + closed, "name: " + closed + "\nauth_mode: key\ntraffic: {blue: 100}\n"
                + "public_network_access: disabled\n").status()).isEqualTo(200);
        String path = "/endpoints/" + closed + "/score";
        Api.Response refused = Eventually.until(java.time.Duration.ofSeconds(10),
                () -> dataPlane.send("POST", path, closedKey, ModelServingE2EIT.SAMPLE, Map.of()), r -> r.status() == 403,
                "the endpoint closed to public networks");
        assertError(refused, 403);
        assertThat(refused.json().get("error").get("message").asString()).contains("public_network_access");
        assertError(api.send("POST", path, closedKey, ModelServingE2EIT.SAMPLE, Map.of()), 403);
        Api.Response viaPrivate = new Api(stack.privateDataPlaneUrl()).send("POST", path, closedKey,
                ModelServingE2EIT.SAMPLE, Map.of());
        assertThat(viaPrivate.status()).as(viaPrivate.body()).isEqualTo(200);
        assertThat(viaPrivate.json().get(0).asDouble()).isCloseTo(EXPECTED[0], within(1e-3));
        // An open endpoint answers on both.
        assertThat(new Api(stack.privateDataPlaneUrl()).send("POST", "/endpoints/" + endpoint + "/score", key,
                ModelServingE2EIT.SAMPLE, Map.of()).status()).isEqualTo(200);
    }

    /**
     * Allowed networks ({@code network_acls.ip_rules}) on a closed endpoint, with callers on distinct loopback
     * addresses standing for distinct networks: served from the listed range and on the private listener, refused
     * (403, JSON reason) from anywhere else — also when the caller writes an allowed address into X-Forwarded-For,
     * on the data plane (which believes no header) and through the edge (which appends the address it saw).
     */
    @Test
    void aClosedEndpointIsServedFromItsAllowedNetworksOnly() {
        ModelServingE2EIT.Workspace other = new ModelServingE2EIT.Workspace(api, admin);
        String listed = "acl-" + other.run;
        String listedKey = other.servingKeyEndpoint(listed);
        assertThat(other.putYaml("/onlineEndpoints/" + listed, "name: " + listed + "\nauth_mode: key\ntraffic: {blue: 100}\n"
                + "public_network_access: disabled\nnetwork_acls:\n  ip_rules:\n    - value: 127.0.0.2/32\n").status())
                .isEqualTo(200);
        String path = "/endpoints/" + listed + "/score";
        String plane = stack.dataPlaneUrl();
        FromAddress.Answer outsider = Eventually.until(java.time.Duration.ofSeconds(10),
                () -> FromAddress.post("127.0.0.3", plane, path, listedKey, ModelServingE2EIT.SAMPLE, Map.of()),
                a -> a.status() == 403, "the endpoint's allowed networks applied");
        assertThat(outsider.body()).contains("\"error\"", "network_acls").doesNotContain("Exception");

        FromAddress.Answer allowed = FromAddress.post("127.0.0.2", plane, path, listedKey, ModelServingE2EIT.SAMPLE, Map.of());
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).startsWith("[");

        Map<String, String> forged = Map.of("X-Forwarded-For", "127.0.0.2");
        assertThat(FromAddress.post("127.0.0.3", plane, path, listedKey, ModelServingE2EIT.SAMPLE, forged).status())
                .isEqualTo(403);
        String edge = stack.edgeUrl();
        FromAddress.Answer throughTheEdge = FromAddress.post("127.0.0.2", edge, path, listedKey, ModelServingE2EIT.SAMPLE, Map.of());
        assertThat(throughTheEdge.status()).as(throughTheEdge.body()).isEqualTo(200);
        FromAddress.Answer forgedAtTheEdge = FromAddress.post("127.0.0.3", edge, path, listedKey, ModelServingE2EIT.SAMPLE, forged);
        assertThat(forgedAtTheEdge.status()).as(forgedAtTheEdge.body()).isEqualTo(403);
        // scoring-service's own MVC port, called directly by a local process naming an allowed address: without the
        // edge's proof its X-Forwarded-For is not believed.
        FromAddress.Answer direct = FromAddress.post("127.0.0.3", stack.serviceUrl(Service.SCORING), path, listedKey,
                ModelServingE2EIT.SAMPLE, Map.of("X-Forwarded-For", "127.0.0.2", "X-Aegis-Edge-Proof", "guess"));
        assertThat(direct.status()).as(direct.body()).isEqualTo(403);
        assertThat(direct.body()).contains("127.0.0.3");
        assertThat(FromAddress.post("127.0.0.3", stack.privateDataPlaneUrl(), path, listedKey, ModelServingE2EIT.SAMPLE,
                Map.of()).status()).isEqualTo(200);
        // The refusal comes before authentication: from outside, a wrong key learns nothing either.
        assertThat(FromAddress.post("127.0.0.3", plane, path, "wrong-key", ModelServingE2EIT.SAMPLE, Map.of()).status())
                .isEqualTo(403);
    }

    /**
     * A workspace's {@code publicNetworkAccess: Disabled} closes every endpoint in it, whatever the endpoint says
     * (its own ranges included); the private listener still serves, and reopening the workspace reopens them.
     */
    @Test
    void aClosedWorkspaceClosesItsEndpoints() {
        ModelServingE2EIT.Workspace other = new ModelServingE2EIT.Workspace(api, admin);
        String open = "wsclosed-" + other.run;
        String openKey = other.servingKeyEndpoint(open);
        String path = "/endpoints/" + open + "/score";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Api.Response closing = api.send("PUT", other.path, admin, "{\"publicNetworkAccess\": \"disabled\"}", json);
        assertThat(closing.status()).as(closing.body()).isIn(200, 201); // this helper's workspaces exist only as paths
        assertThat(closing.json().get("publicNetworkAccess").asString()).isEqualTo("Disabled");
        assertError(api.send("PUT", other.path, admin, "{\"publicNetworkAccess\": \"sometimes\"}", json), 400);
        // A PUT that leaves the setting out (new tags, say) keeps it: it does not reopen the workspace.
        Api.Response retagged = api.send("PUT", other.path, admin, "{\"tags\": {\"team\": \"risk\"}}", json);
        assertThat(retagged.json().get("publicNetworkAccess").asString()).isEqualTo("Disabled");

        Api.Response refused = Eventually.until(java.time.Duration.ofSeconds(10),
                () -> dataPlane.send("POST", path, openKey, ModelServingE2EIT.SAMPLE, Map.of()), r -> r.status() == 403,
                "the workspace's closure applied to its endpoint");
        assertError(refused, 403);
        assertThat(refused.json().get("error").get("message").asString()).contains("workspace");
        assertError(api.send("POST", path, openKey, ModelServingE2EIT.SAMPLE, Map.of()), 403);
        // The endpoint's own ranges do not reopen what its workspace closed.
        assertThat(other.putYaml("/onlineEndpoints/" + open, "name: " + open + "\nauth_mode: key\ntraffic: {blue: 100}\n"
                + "network_acls: {ip_rules: [{value: 0.0.0.0/0}]}\n").status()).isEqualTo(200);
        assertThat(FromAddress.post("127.0.0.2", stack.dataPlaneUrl(), path, openKey, ModelServingE2EIT.SAMPLE, Map.of())
                .status()).isEqualTo(403);
        assertThat(new Api(stack.privateDataPlaneUrl()).send("POST", path, openKey, ModelServingE2EIT.SAMPLE, Map.of())
                .status()).isEqualTo(200);

        assertThat(api.send("PUT", other.path, admin, "{\"publicNetworkAccess\": \"Enabled\"}", json).status()).isIn(200, 201);
        Eventually.until(java.time.Duration.ofSeconds(10),
                () -> dataPlane.send("POST", path, openKey, ModelServingE2EIT.SAMPLE, Map.of()).status(), s -> s == 200,
                "the workspace reopened");
    }

    /**
     * Telemetry counts every request exactly once: N requests on the data plane give N records on
     * aegis.scoring.requests, and the metrics API (per-minute windows in audit-service) counts the same N, by status.
     */
    @Test
    void everyRequestIsCountedOnceInTelemetryAndMetrics() {
        ModelServingE2EIT.Workspace other = new ModelServingE2EIT.Workspace(api, admin);
        String counted = "counted-" + other.run;
        String countedKey = other.servingKeyEndpoint(counted);
        String endpointId = other.path.substring("/api".length()) + "/onlineEndpoints/" + counted;
        String path = "/endpoints/" + counted + "/score";
        // The helper's own calls (it waits for the endpoint to answer) are counted too: start from where they end.
        long before = TelemetryRecords.settled(stack, endpointId);
        int served = 0;
        int refused = 0;
        for (int i = 0; i < 240; i++) {
            boolean wrong = i % 12 == 0; // 20 wrong keys: under the failed-attempt limit
            Api.Response r = dataPlane.send("POST", path, wrong ? "not-the-key" : countedKey, ModelServingE2EIT.SAMPLE, Map.of());
            assertThat(r.status()).isEqualTo(wrong ? 401 : 200);
            if (wrong) {
                refused++;
            } else {
                served++;
            }
        }
        long total = before + served + refused;
        int ok = served;
        int unauthorized = refused;
        long records = Eventually.until(java.time.Duration.ofSeconds(30),
                () -> TelemetryRecords.count(stack, endpointId), n -> n >= total, "every request's telemetry record");
        assertThat(records).isEqualTo(total);
        JsonNode metrics = Eventually.until(java.time.Duration.ofSeconds(30),
                () -> api.get("/api/metrics?endpoint=" + endpointId, admin).json(), m -> m.path("count").asLong() >= total,
                "every request in the metrics");
        assertThat(metrics.get("count").asLong()).isEqualTo(total);
        long ok200 = metrics.get("statuses").get("200").asLong();
        assertThat(ok200).isGreaterThanOrEqualTo(ok);
        assertThat(metrics.get("statuses").get("401").asLong()).isEqualTo(unauthorized);
        long byStatus = 0;
        for (JsonNode n : metrics.get("statuses")) {
            byStatus += n.asLong();
        }
        assertThat(byStatus).isEqualTo(total);
        assertThat(metrics.get("errors").asLong()).isEqualTo(total - ok200);
        assertThat(metrics.get("latencyMs").get("p99").asDouble()).isPositive();

        // The same series on audit-service's Prometheus endpoint (the operator's): requests by status, latency histogram.
        String series = new Api(stack.serviceUrl(Service.AUDIT)).get("/actuator/prometheus", admin).body();
        String endpointLabel = "endpoint=\"" + endpointId + "\"";
        assertThat(prometheusSum(series, "aegis_scoring_requests_total{", endpointLabel, "status=\"200\"")).isEqualTo(ok200);
        assertThat(prometheusSum(series, "aegis_scoring_requests_total{", endpointLabel, "status=\"401\""))
                .isEqualTo(unauthorized);
        assertThat(prometheusSum(series, "aegis_scoring_latency_ms_count{", endpointLabel, "")).isEqualTo(total);
        assertThat(prometheusSum(series, "aegis_scoring_latency_ms_bucket{", endpointLabel, "le=\"+Inf\"")).isEqualTo(total);

        // Deleted, the endpoint's series go with it (they stayed until audit-service restarted).
        assertThat(api.delete(other.path + "/onlineEndpoints/" + counted, admin).status()).isIn(200, 202, 204);
        Eventually.until(java.time.Duration.ofSeconds(30), () -> new Api(stack.serviceUrl(Service.AUDIT))
                .get("/actuator/prometheus", admin).body().lines().noneMatch(line -> line.contains(endpointLabel)),
                gone -> gone, "the deleted endpoint's series to go");
    }

    /** The sum of the samples of {@code metric} whose labels include both given ones (deployments, mirrored apart). */
    private static long prometheusSum(String exposition, String metric, String label, String another) {
        List<String> lines = exposition.lines().filter(line -> line.startsWith(metric) && line.contains(label)
                && line.contains(another)).toList();
        assertThat(lines).as(metric + " " + label + " " + another).isNotEmpty();
        return lines.stream().mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** A request the listener cannot parse as HTTP gets a 400 with a JSON body, not a dropped connection or a 500. */
    @Test
    void garbageIsA400() throws Exception {
        URI base = URI.create(stack.dataPlaneUrl());
        try (java.net.Socket socket = FromAddress.connect(base, null)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("POST /endpoints/x/score HTTP/1.1\r\nHost: x\r\nContent-Length: nine\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\"").doesNotContain("Exception");
        }
    }

    @Test
    void healthRoutesAnswerWithoutCredentials() {
        assertThat(dataPlane.get("/health/live", null).status()).isEqualTo(200);
        Api.Response ready = dataPlane.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("UP");
    }

    private static void assertError(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode error = response.json().get("error");
        assertThat(error.get("code").asString()).isNotBlank();
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(response.header("x-request-id")).isNotBlank();
    }
}
