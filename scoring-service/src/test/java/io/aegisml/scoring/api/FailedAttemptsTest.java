package io.aegisml.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class FailedAttemptsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final FailedAttempts attempts = new FailedAttempts(now::get);

    @Test
    void pastTheLimitAClientWaitsForTheRestOfItsMinuteOnThatEndpointOnly() {
        for (int i = 1; i < FailedAttempts.LIMIT; i++) {
            assertThat(attempts.failed("e1", "10.0.0.7")).isFalse();
        }
        assertThat(attempts.retryAfterSeconds("e1", "10.0.0.7")).isZero();
        assertThat(attempts.failed("e1", "10.0.0.7")).as("the one that reaches the limit").isTrue();
        now.addAndGet(15_000);
        assertThat(attempts.retryAfterSeconds("e1", "10.0.0.7")).isEqualTo(45);
        assertThat(attempts.retryAfterSeconds("e1", "10.0.0.8")).as("another client").isZero();
        assertThat(attempts.retryAfterSeconds("e2", "10.0.0.7")).as("another endpoint").isZero();
        now.addAndGet(45_000);
        assertThat(attempts.retryAfterSeconds("e1", "10.0.0.7")).isZero();
        assertThat(attempts.failed("e1", "10.0.0.7")).as("a new window").isFalse();
    }

    @Test
    void behindTheEdgeTheCallerIsTheLastForwardedAddressNotOneItWroteItself() {
        MockHttpServletRequest viaEdge = new MockHttpServletRequest();
        viaEdge.setRemoteAddr("127.0.0.1");
        viaEdge.addHeader("X-Forwarded-For", "1.2.3.4, 192.168.7.9");
        assertThat(FailedAttempts.clientOf(viaEdge)).isEqualTo("192.168.7.9");
        MockHttpServletRequest direct = new MockHttpServletRequest();
        direct.setRemoteAddr("10.1.1.1");
        direct.addHeader("X-Forwarded-For", "1.2.3.4");
        assertThat(FailedAttempts.clientOf(direct)).as("a header from a remote peer is not believed").isEqualTo("10.1.1.1");
        assertThat(FailedAttempts.clientOf(direct, java.util.Set.of("10.1.1.1"))).as("unless the peer is the edge")
                .isEqualTo("1.2.3.4");
    }
}
