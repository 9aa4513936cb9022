package io.aegisml.edge.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How large a request body may be.
 *
 * @param maxBodyBytes      control plane and anything else: YAML and JSON documents are small
 * @param maxScoreBodyBytes the data plane ({@code /endpoints/**}): scoring inputs can be batches
 * @param maxModelBytes     a file streamed to blob storage: a model version's
 *                          ({@code .../models/{name}/versions/{v}}), a code version's ({@code .../codes/...}) or a blob ({@code .../containers/{c}/blobs/{b}})
 */
@ConfigurationProperties("aegis.edge")
record BodyLimits(Long maxBodyBytes, Long maxScoreBodyBytes, Long maxModelBytes) {

    static final String SCORING_PREFIX = "/endpoints";
    private static final java.util.regex.Pattern MODEL_VERSION = java.util.regex.Pattern.compile(
            "/api/subscriptions/[^/]+/resourceGroups/[^/]+/(workspaces/[^/]+/(models|codes)/[^/]+/versions/[^/]+"
                    + "|storageAccounts/[^/]+/containers/[^/]+/blobs/[^/]+)");

    BodyLimits {
        maxBodyBytes = maxBodyBytes == null ? 1024L * 1024 : maxBodyBytes;
        maxScoreBodyBytes = maxScoreBodyBytes == null ? 16L * 1024 * 1024 : maxScoreBodyBytes;
        maxModelBytes = maxModelBytes == null ? 256L * 1024 * 1024 : maxModelBytes;
    }

    long forPath(String path) {
        if (path.equals(SCORING_PREFIX) || path.startsWith(SCORING_PREFIX + "/")) {
            return maxScoreBodyBytes;
        }
        return MODEL_VERSION.matcher(path).matches() ? maxModelBytes : maxBodyBytes;
    }
}
