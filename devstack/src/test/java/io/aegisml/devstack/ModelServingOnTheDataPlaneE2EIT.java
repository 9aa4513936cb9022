package io.aegisml.devstack;

/**
 * The whole model-serving suite again, with every score call sent to the data plane's own listener (where
 * scoring_uri points) instead of the edge's compatibility route: the same statuses, errors and headers.
 */
class ModelServingOnTheDataPlaneE2EIT extends ModelServingE2EIT {

    @Override
    String scoringUrl(AegisStack stack) {
        return stack.dataPlaneUrl();
    }

    /** The data plane is scoring-service itself: while it is stopped, nothing listens there. */
    @Override
    void assertScoringDown(Api api, String scoring, String key) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.send("POST", scoring, key, SAMPLE, java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }
}
