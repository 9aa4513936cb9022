package io.aegisml.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps its connection open (every HTTP/1.1 client does) is answered on it, whatever the
 * previous answer was. Reactor Netty 1.3.6 stops reading a connection when a request that arrived
 * while the previous answer was still finishing (here: health, answered off the event loop) is itself
 * answered at once (here: a 404 from the security chain); the next request then waits forever. It was
 * first seen as CI's 30 s timeout in {@link RoutingTest}.
 */
class KeepAliveTest extends EdgeFixture {

    @Test
    void aRequestAfterPipelinedAnswersIsStillAnswered() throws IOException {
        try (RawHttp.KeepAlive connection = new RawHttp.KeepAlive(port)) {
            connection.get("/actuator/health/liveness", "/nothing-here", "/nothing-here-either");
            assertThat(connection.read().status()).isEqualTo(200);
            assertThat(connection.read().status()).isEqualTo(404);
            assertThat(connection.read().status()).isEqualTo(404);

            connection.get("/actuator/health/readiness");
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aRefusalAfterAProxiedAnswerLeavesTheConnectionUsable() throws IOException {
        try (RawHttp.KeepAlive connection = new RawHttp.KeepAlive(port)) {
            for (int i = 0; i < 20; i++) {
                connection.get("/endpoints/ep-1/score", WORKSPACE, "/nothing-here");
                assertThat(connection.read().status()).isEqualTo(200);
                assertThat(connection.read().status()).isEqualTo(401);
                assertThat(connection.read().status()).isEqualTo(404);
            }
        }
    }
}
