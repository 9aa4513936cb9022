package io.aegisml.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisml.scoring.catalog.ServedEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficRouterTest {

    @Test
    void ticketsAreSpreadByCumulativeShareInNameOrder() {
        Map<String, Integer> traffic = Map.of("green", 10, "blue", 90);
        assertThat(TrafficRouter.draw(traffic, 0)).isEqualTo("blue");
        assertThat(TrafficRouter.draw(traffic, 89)).isEqualTo("blue");
        assertThat(TrafficRouter.draw(traffic, 90)).isEqualTo("green");
        assertThat(TrafficRouter.draw(traffic, 99)).isEqualTo("green");
        assertThat(TrafficRouter.draw(Map.of("blue", 0, "green", 100), 0)).isEqualTo("green");
    }

    @Test
    void aPinWinsAndSkipsTheMirror() {
        ServedEndpoint endpoint = endpoint(Map.of("blue", 100), Map.of("green", 50));
        assertThat(TrafficRouter.live(endpoint, "green")).isEqualTo("green");
        for (int i = 0; i < 50; i++) {
            assertThat(TrafficRouter.mirror(endpoint, "blue")).isEmpty();
        }
    }

    @Test
    void withoutTrafficNothingAnswers() {
        assertThatThrownBy(() -> TrafficRouter.live(endpoint(Map.of("blue", 0), Map.of()), null))
                .isInstanceOfSatisfying(ScoringFailure.class, f -> assertThat(f.status().value()).isEqualTo(404));
    }

    @Test
    void aboutTheMirroredShareOfRequestsIsCopied() {
        ServedEndpoint endpoint = endpoint(Map.of("blue", 100), Map.of("green", 20));
        int copied = 0;
        for (int i = 0; i < 10_000; i++) {
            copied += TrafficRouter.mirror(endpoint, null).isPresent() ? 1 : 0;
        }
        assertThat(copied).isBetween(1500, 2500);
        assertThat(TrafficRouter.mirror(endpoint(Map.of("blue", 100), Map.of("green", 0)), null)).isEmpty();
    }

    private static ServedEndpoint endpoint(Map<String, Integer> traffic, Map<String, Integer> mirror) {
        return new ServedEndpoint("/e", "/ws", "e", "key", null, null, traffic, mirror, true, java.util.List.of());
    }
}
