package io.aegisml.scoring.api;

import io.aegisml.scoring.catalog.ServedEndpoint;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;

/**
 * Which deployment answers: the one pinned by {@code azureml-model-deployment}, else one drawn by the
 * endpoint's traffic percentages; and, only when not pinned, whether a copy goes to the mirror.
 */
final class TrafficRouter {

    static final String PIN_HEADER = "azureml-model-deployment";

    private TrafficRouter() {
    }

    static String live(ServedEndpoint endpoint, String pinned) {
        if (pinned != null && !pinned.isBlank()) {
            return pinned.strip().toLowerCase(java.util.Locale.ROOT); // deployment names are stored lower-cased
        }
        int total = endpoint.traffic().values().stream().mapToInt(Integer::intValue).sum();
        if (total <= 0) {
            throw new ScoringFailure(HttpStatus.NOT_FOUND, "Endpoint '" + endpoint.name() + "' has no deployment with "
                    + "traffic: set its traffic (e.g. blue=100), or pin a deployment with the header " + PIN_HEADER + ".");
        }
        return draw(endpoint.traffic(), ThreadLocalRandom.current().nextInt(total));
    }

    /** The deployment to copy this request to, if the draw says so. */
    static Optional<String> mirror(ServedEndpoint endpoint, String pinned) {
        if (pinned != null && !pinned.isBlank()) {
            return Optional.empty();
        }
        int roll = ThreadLocalRandom.current().nextInt(100);
        return endpoint.mirrorTraffic().entrySet().stream().filter(e -> e.getValue() > roll)
                .map(Map.Entry::getKey).findFirst();
    }

    /** The deployment whose cumulative share covers {@code ticket} (0 ≤ ticket < sum of shares). */
    static String draw(Map<String, Integer> traffic, int ticket) {
        int cumulative = 0;
        String last = null;
        for (Map.Entry<String, Integer> share : new java.util.TreeMap<>(traffic).entrySet()) {
            if (share.getValue() <= 0) {
                continue;
            }
            cumulative += share.getValue();
            last = share.getKey();
            if (ticket < cumulative) {
                return last;
            }
        }
        return last;
    }
}
