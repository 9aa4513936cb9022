package io.aegisml.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The first token check on the control plane: only a valid token gets through to a service. */
class TokenCheckTest extends EdgeFixture {

    @Test
    void aValidTokenIsProxiedWithTheAuthorizationHeaderUnchanged() {
        String token = TOKENS.valid();

        HttpResponse<String> response = get(WORKSPACE, token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"servedBy\":\"identity\"");
        Downstream.Seen seen = IDENTITY.seen().get(0);
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + token);
        assertThat(seen.header("x-request-id")).isNotBlank();
        assertThat(seen.header("x-correlation-id")).isEqualTo(seen.header("x-request-id"));
        assertThat(response.headers().allValues("x-request-id")).containsExactly(seen.header("x-request-id"));
    }

    static Stream<Arguments> refusedTokens() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("expired", TOKENS.with(c -> c.issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                        .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(10))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))))),
                Arguments.of("not yet valid", TOKENS.with(c -> c.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))))),
                Arguments.of("without expiry", TOKENS.with(c -> c.expirationTime(null))),
                Arguments.of("another issuer", TOKENS.with(c -> c.issuer("http://evil.test/realms/aegis"))),
                Arguments.of("another audience", TOKENS.with(c -> c.audience("some-other-api"))),
                Arguments.of("alg none", Tokens.unsigned()),
                Arguments.of("HS256 keyed with the public key", TOKENS.hmacWithPublicKey()),
                Arguments.of("tampered payload", TOKENS.tampered()),
                Arguments.of("signed by another key with the same kid", TOKENS.signedByStranger()),
                Arguments.of("signed by a key the JWKS does not list", TOKENS.signedByUnpublishedKey()),
                Arguments.of("not a JWT", "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void anInvalidTokenIsRefusedAtTheEdge(String what, String token) {
        HttpResponse<String> response = get(WORKSPACE, token);

        assertApiError(response, 401, "Unauthorized");
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertNothingReachedAnyService();
    }

    @Test
    void noTokenIsRefusedWithABearerChallenge() {
        HttpResponse<String> response = send(request(WORKSPACE + "/onlineEndpoints"));

        assertApiError(response, 401, "Unauthorized");
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertNothingReachedAnyService();
    }

    @Test
    void withoutTheSigningKeysTheAnswerIsRetryLaterNotAFailure() {
        TOKENS.publishing(false);
        try {
            assertApiError(get(WORKSPACE, TOKENS.signedByUnpublishedKey()), 503, "ServiceUnavailable");
        } finally {
            TOKENS.publishing(true);
        }
        assertNothingReachedAnyService();
    }

    @Test
    void aTokenIsNotAcceptedInTheQueryString() {
        HttpResponse<String> response = send(request(WORKSPACE + "?access_token=" + TOKENS.valid()));

        assertApiError(response, 401, "Unauthorized");
        assertNothingReachedAnyService();
    }
}
