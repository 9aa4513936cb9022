package io.aegisml.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One request id per request, chosen at the edge and seen by the client and the service alike. */
class RequestIdTest extends EdgeFixture {

    @Test
    void aPlainClientRequestIdIsKeptAndUsedAsTheCorrelationId() {
        HttpResponse<String> response = send(request(WORKSPACE)
                .header("Authorization", "Bearer " + TOKENS.valid())
                .header("x-request-id", "client-id-42"));

        assertThat(response.headers().allValues("x-request-id")).containsExactly("client-id-42");
        Downstream.Seen seen = IDENTITY.seen().get(0);
        assertThat(seen.header("x-request-id")).isEqualTo("client-id-42");
        assertThat(seen.header("x-correlation-id")).isEqualTo("client-id-42");
    }

    @Test
    void aClientCorrelationIdIsPassedOn() {
        send(request(WORKSPACE)
                .header("Authorization", "Bearer " + TOKENS.valid())
                .header("x-correlation-id", "journey-7"));

        Downstream.Seen seen = IDENTITY.seen().get(0);
        assertThat(seen.header("x-correlation-id")).isEqualTo("journey-7");
        assertThat(seen.header("x-request-id")).isNotEqualTo("journey-7");
    }

    @Test
    void anUnsafeClientRequestIdIsReplaced() {
        HttpResponse<String> response = send(request(WORKSPACE)
                .header("Authorization", "Bearer " + TOKENS.valid())
                .header("x-request-id", "<script>alert(1)</script> and spaces")
                .header("x-correlation-id", "x".repeat(200)));

        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(UUID.fromString(requestId)).isNotNull();
        Downstream.Seen seen = IDENTITY.seen().get(0);
        assertThat(seen.header("x-request-id")).isEqualTo(requestId);
        assertThat(seen.header("x-correlation-id")).isEqualTo(requestId);
    }

    @Test
    void theAzureClientRequestIdIsEchoed() {
        HttpResponse<String> proxied = send(request("/endpoints/ep-1/score")
                .header("x-ms-client-request-id", "my-call-1"));
        HttpResponse<String> refused = send(request(WORKSPACE).header("x-ms-client-request-id", "my-call-2"));
        HttpResponse<String> unsafe = send(request("/endpoints/ep-1/score")
                .header("x-ms-client-request-id", "not ok"));

        assertThat(proxied.headers().allValues("x-ms-client-request-id")).containsExactly("my-call-1");
        assertThat(refused.headers().allValues("x-ms-client-request-id")).containsExactly("my-call-2");
        assertThat(unsafe.headers().firstValue("x-ms-client-request-id")).isEmpty();
    }

    @Test
    void everyRequestGetsItsOwnId() {
        String first = send(request("/endpoints/ep-1/score")).headers().firstValue("x-request-id").orElseThrow();
        String second = send(request("/endpoints/ep-1/score")).headers().firstValue("x-request-id").orElseThrow();

        assertThat(first).isNotEqualTo(second);
    }
}
