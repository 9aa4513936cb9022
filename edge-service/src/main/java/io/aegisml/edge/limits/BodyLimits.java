package io.aegisml.edge.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How large a request body may be.
 *
 * @param maxBodyBytes      control plane and anything else: YAML and JSON documents are small
 * @param maxScoreBodyBytes the data plane ({@code /endpoints/**}): scoring inputs can be batches
 */
@ConfigurationProperties("aegis.edge")
record BodyLimits(Long maxBodyBytes, Long maxScoreBodyBytes) {

    static final String SCORING_PREFIX = "/endpoints";

    BodyLimits {
        maxBodyBytes = maxBodyBytes == null ? 1024L * 1024 : maxBodyBytes;
        maxScoreBodyBytes = maxScoreBodyBytes == null ? 16L * 1024 * 1024 : maxScoreBodyBytes;
    }

    long forPath(String path) {
        boolean scoring = path.equals(SCORING_PREFIX) || path.startsWith(SCORING_PREFIX + "/");
        return scoring ? maxScoreBodyBytes : maxBodyBytes;
    }
}
