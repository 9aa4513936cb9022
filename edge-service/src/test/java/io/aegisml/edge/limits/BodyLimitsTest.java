package io.aegisml.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyLimitsTest {

    private final BodyLimits defaults = new BodyLimits(null, null, null);

    @Test
    void theControlPlaneGetsOneMebibyteAndScoringSixteen() {
        assertThat(defaults.forPath("/api/subscriptions/s/resourceGroups/rg/workspaces/ws")).isEqualTo(1L << 20);
        assertThat(defaults.forPath("/endpoints/ep-1/score")).isEqualTo(16L << 20);
        assertThat(defaults.forPath("/endpoints")).isEqualTo(16L << 20);
    }

    @Test
    void onlyTheDataPlanePrefixGetsTheScoringLimit() {
        assertThat(defaults.forPath("/endpointsx/score")).isEqualTo(1L << 20);
        assertThat(defaults.forPath("/api/endpoints/x")).isEqualTo(1L << 20);
    }

    @Test
    void aModelVersionUploadGetsTheModelLimitAndNothingElseUnderModelsDoes() {
        String version = "/api/subscriptions/s/resourceGroups/rg/workspaces/ws/models/iris/versions/1";
        assertThat(defaults.forPath(version)).isEqualTo(256L << 20);
        assertThat(defaults.forPath(version + "/x")).isEqualTo(1L << 20);
        assertThat(defaults.forPath("/api/subscriptions/s/resourceGroups/rg/workspaces/ws/models")).isEqualTo(1L << 20);
    }
}
