package io.aegisml.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edge started once for all test classes (same configuration, so one Spring context), in front
 * of stand-in services and a tiny identity provider. Audit is deliberately down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aegis.edge.max-body-bytes=4096",
        "aegis.edge.max-score-body-bytes=8192",
        "aegis.edge.proxy-secret=edge-test-proof",
        "aegis.edge.plaintext=true"}) // TLS is the end-to-end tests' (DataPlaneE2EIT.theFrontDoorsSpeakTlsOnly)
abstract class EdgeFixture {

    static final String WORKSPACE = "/api/subscriptions/sub-1/resourceGroups/rg-1/workspaces/ws-1";

    static final Downstream IDENTITY = Downstream.start("identity");
    static final Downstream DEPLOYMENT = Downstream.start("deployment");
    static final Downstream SCORING = Downstream.start("scoring");
    static final String AUDIT_DOWN = Downstream.unreachableUrl();
    static final Tokens TOKENS = Tokens.start();

    private static final List<Downstream> SERVICES = List.of(IDENTITY, DEPLOYMENT, SCORING);
    /** HTTP/1.1 (no h2c upgrade attempt) and bounded waits: a stuck exchange fails the test, never hangs the build. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        registry.add("AEGIS_IDENTITY_URL", IDENTITY::url);
        registry.add("AEGIS_DEPLOYMENT_URL", DEPLOYMENT::url);
        registry.add("AEGIS_SCORING_URL", SCORING::url);
        registry.add("AEGIS_AUDIT_URL", () -> AUDIT_DOWN);
        registry.add("aegis.security.token.issuer", () -> Tokens.ISSUER);
        registry.add("aegis.security.token.jwk-set-uri", TOKENS::jwksUrl);
        registry.add("aegis.security.token.audience", () -> Tokens.AUDIENCE);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        SERVICES.forEach(Downstream::forget);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(java.time.Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> get(String path, String bearerToken) {
        return send(request(path).header("Authorization", "Bearer " + bearerToken));
    }

    static void assertNothingReachedAnyService() {
        SERVICES.forEach(service -> assertThat(service.seen()).as(service.name()).isEmpty());
    }

    /** The edge's own refusals: the status, the JSON shape with the code, and the request id in both places. */
    static void assertApiError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        List<String> requestIds = response.headers().allValues("x-request-id");
        assertThat(requestIds).hasSize(1);
        assertApiErrorBody(response.body(), code, requestIds.get(0));
    }

    static void assertApiError(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.header("x-request-id")).isNotBlank().doesNotContain(",");
        assertApiErrorBody(response.body(), code, response.header("x-request-id"));
    }

    private static void assertApiErrorBody(String body, String code, String requestId) {
        assertThat((String) JsonPath.read(body, "$.error.code")).isEqualTo(code);
        assertThat((String) JsonPath.read(body, "$.error.message")).isNotBlank();
        assertThat((String) JsonPath.read(body, "$.error.requestId")).isEqualTo(requestId);
        assertThat(body).doesNotContain("Exception", "\tat ");
    }
}
