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
                             Map<String, String> environmentVariables, String correlationId,
                             ModelLayout modelLayout, ScriptCode code, Map<String, Object> environment,
                             Probe liveness, Probe readiness) {

    /**
     * Where the model goes under {@code AZUREML_MODEL_DIR} for a scoring script: {@code path} is the registered
     * file's or folder's name; a folder travels as a zip and is unpacked there. ONNX models served by the platform
     * itself need none of this.
     */
    public record ModelLayout(String type, String path, boolean folder) {
        public static final ModelLayout ONNX = new ModelLayout("onnx", "model.onnx", false);
    }

    /**
     * {@code environment}: for a scoring script, the deployment's environment as deployment-service resolved it
     * ({@code image}, {@code conda_file} as an object, and a registered one's {@code name}/{@code version}); null when
     * none was given.
     */

    /** The user's code folder (a zip in blob storage, with its SHA-256) and the script in it that has init() and run(). */
    public record ScriptCode(String container, String blob, String sha256, String scoringScript) {
    }

    /** A deployment with code_configuration: served by the user's script, not by ONNX Runtime. */
    public boolean runsScript() {
        return code != null;
    }

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
