package io.aegisml.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Bodies over the limit (4 KiB control plane, 8 KiB scoring in these tests) never reach a service. */
class BodyLimitTest extends EdgeFixture {

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        RawHttp.Response response = RawHttp.declaring(port, "PUT", WORKSPACE + "/onlineEndpoints/ep-1", 4097,
                "Authorization: Bearer " + TOKENS.valid(), "Content-Type: application/json");

        assertApiError(response, 413, "PayloadTooLarge");
        assertNothingReachedAnyService();
    }

    @Test
    void scoringHasItsOwnLimit() throws IOException {
        RawHttp.Response tooLarge = RawHttp.declaring(port, "POST", "/endpoints/ep-1/score", 8193,
                "Content-Type: application/json");
        RawHttp.Response allowed = RawHttp.chunked(port, "POST", "/endpoints/ep-1/score", 6, 1000,
                "Content-Type: application/json");

        assertApiError(tooLarge, 413, "PayloadTooLarge");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(SCORING.seen()).singleElement().satisfies(seen -> assertThat(seen.bodyLength()).isEqualTo(6000));
    }

    @Test
    void aChunkedBodyIsStoppedOnceItPassesTheLimit() throws IOException {
        RawHttp.Response response = RawHttp.chunked(port, "PUT", WORKSPACE + "/onlineEndpoints/ep-1", 10, 1000,
                "Authorization: Bearer " + TOKENS.valid(), "Content-Type: application/json");

        assertApiError(response, 413, "PayloadTooLarge");
        assertThat(DEPLOYMENT.seen()).allSatisfy(seen -> assertThat(seen.bodyLength()).isLessThanOrEqualTo(4096));
    }
}
