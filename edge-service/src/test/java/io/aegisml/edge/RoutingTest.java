package io.aegisml.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which service answers which path, and what the edge says when none can. */
class RoutingTest extends EdgeFixture {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            WORKSPACE + ",                                            identity",
            "/api/subscriptions/sub-1/resourceGroups/rg-1/workspaces, identity",
            "/api/subscriptions/sub-1/resourceGroups/rg-1/userAssignedIdentities/id-1, identity",
            WORKSPACE + "/providers/Aegis.Authorization/roleAssignments, identity",
            "/api/subscriptions/sub-1/providers/Aegis.Authorization/roleDefinitions, identity",
            WORKSPACE + "/models,                                     deployment",
            WORKSPACE + "/models/iris/versions/1,                     deployment",
            WORKSPACE + "/onlineEndpoints,                            deployment",
            WORKSPACE + "/onlineEndpoints/ep-1/deployments/blue,      deployment",
            WORKSPACE + "/onlineEndpoints/ep-1/listKeys,              deployment",
            WORKSPACE + "/onlineEndpoints/ep-1/token,                 identity",
            WORKSPACE + "/onlineEndpoints/ep-1/deployments/token,     deployment",
            WORKSPACE + "/onlineEndpointsAndMore,                     identity"})
    void controlPlanePathsGoToTheServiceThatOwnsThem(String path, String service) {
        HttpResponse<String> response = get(path, TOKENS.valid());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-served-by")).hasValue(service);
        Downstream owner = service.equals("identity") ? IDENTITY : DEPLOYMENT;
        assertThat(owner.seen()).singleElement().satisfies(seen -> assertThat(seen.path()).isEqualTo(path));
    }

    @Test
    void theDataPlaneIsProxiedWithoutATokenAndKeepsTheCallersCredential() {
        HttpResponse<String> response = send(request("/endpoints/ep-1/score")
                .header("Authorization", "Bearer endpoint-key-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": [[1, 2, 3, 4]]}")));

        assertThat(response.statusCode()).isEqualTo(200);
        Downstream.Seen seen = SCORING.seen().get(0);
        assertThat(seen.path()).isEqualTo("/endpoints/ep-1/score");
        assertThat(seen.header("authorization")).isEqualTo("Bearer endpoint-key-1");
        assertThat(seen.header("x-request-id")).isNotBlank();
        assertThat(response.headers().allValues("x-request-id")).containsExactly(seen.header("x-request-id"));
    }

    @Test
    void aPathTheEdgeDoesNotServeIsAJson404() {
        assertApiError(send(request("/nothing/here")), 404, "NotFound");
        assertApiError(send(request("/actuator/env")), 404, "NotFound");
        assertApiError(get("/", TOKENS.valid()), 404, "NotFound");
        assertNothingReachedAnyService();
    }

    @Test
    void aServiceThatIsDownIsAJson503() {
        // Audit is down in these tests; identity, which is up, would have answered a misrouted call.
        assertApiError(get("/api/activityLog?$filter=x", TOKENS.valid()), 503, "ServiceUnavailable");
        assertApiError(get("/api/metrics/endpoints/ep-1", TOKENS.valid()), 503, "ServiceUnavailable");
        assertNothingReachedAnyService();
    }

    @Test
    void healthProbesAreOpenAndTheEdgeExposesNoMetrics() {
        assertThat(send(request("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        assertThat(send(request("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        assertApiError(send(request("/actuator/prometheus")), 404, "NotFound");
        assertApiError(get("/actuator/prometheus", TOKENS.valid()), 404, "NotFound");
    }

    /** The services learn the caller's address from the edge alone: what a caller writes itself is replaced. */
    @Test
    void theServicesAreToldTheAddressTheEdgeSawNotTheOneTheCallerWrote() {
        send(request("/endpoints/ep-1/score").header("X-Forwarded-For", "10.9.9.9").header("Forwarded", "for=10.9.9.9")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        Downstream.Seen seen = SCORING.seen().get(0);
        assertThat(seen.header("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.header("forwarded")).isNull();
    }

    /** The edge proves itself to scoring-service only, and a caller's own proof never passes. */
    @Test
    void onlyScoringServiceGetsTheEdgesProofAndNeverTheCallers() {
        send(request("/endpoints/ep-1/score").header("X-Aegis-Edge-Proof", "forged")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(SCORING.seen().get(0).header("x-aegis-edge-proof")).isEqualTo("edge-test-proof");
        send(request(WORKSPACE).header("Authorization", "Bearer " + TOKENS.valid()).header("X-Aegis-Edge-Proof", "forged"));
        assertThat(IDENTITY.seen().get(0).header("x-aegis-edge-proof")).isNull();
    }
}
