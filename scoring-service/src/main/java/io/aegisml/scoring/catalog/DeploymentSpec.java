package io.aegisml.scoring.catalog;

import java.util.Map;

/**
 * One generation of a deployment, as deployment-service published it: which model file to load and
 * how much concurrency and time its requests get. {@code correlationId} is the request that made this
 * generation: the answers about it carry it on.
 */
public record DeploymentSpec(String id, String endpointId, String endpointName, String name, int generation,
                             String modelId, String modelContainer, String modelBlob, String modelSha256,
                             int instanceCount, int maxConcurrentPerInstance, int requestTimeoutMs,
                             Map<String, String> environmentVariables, String correlationId) {

    /** Requests that may run at once: Azure's max_concurrent_requests_per_instance × instance_count. */
    public int concurrency() {
        return maxConcurrentPerInstance * instanceCount;
    }

    /** The model's name, from its id {@code .../models/{name}/versions/{version}}. */
    public String modelName() {
        String[] parts = modelId.split("/");
        return parts[parts.length - 3];
    }

    public String modelVersion() {
        String[] parts = modelId.split("/");
        return parts[parts.length - 1];
    }
}
