package io.aegisml.deployment.endpoint;

import io.aegisml.deployment.documents.Fields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a deployment document in Azure's schema (az ml online-deployment YAML). The model is named
 * as Azure does ({@code azureml:name:version}, {@code name:version} or a model version resource id);
 * {@code code_configuration}, {@code environment} and {@code instance_type} are kept as given: the
 * model runs in ONNX Runtime, not in a user image.
 */
final class DeploymentSpecs {

    private static final Set<String> FIELDS = Set.of("$schema", "name", "endpoint_name", "model", "code_configuration",
            "environment", "environment_variables", "instance_type", "instance_count", "request_settings",
            "liveness_probe", "readiness_probe", "app_insights_enabled", "scale_settings", "description", "tags",
            "egress_public_network_access", "data_collector");
    private static final Set<String> REQUEST_SETTINGS = Set.of("request_timeout_ms",
            "max_concurrent_requests_per_instance", "max_queue_wait_ms");

    private DeploymentSpecs() {
    }

    /** The spec, and the model reference as written (resolved by the lifecycle). */
    record Read(Map<String, Object> spec, String modelReference) {
    }

    static Read read(Map<String, Object> document, String endpointName, String nameInPath) {
        Fields fields = Fields.of(document).allowOnly(FIELDS);
        String name = fields.string("name", nameInPath);
        // Names are case-insensitive (the path is already lower-cased: Scopes.canonical).
        if (!nameInPath.equalsIgnoreCase(name)) {
            throw fields.invalid("name", "is '" + name + "' but the path names deployment '" + nameInPath + "'");
        }
        String endpoint = fields.string("endpoint_name", endpointName);
        if (!endpointName.equalsIgnoreCase(endpoint)) {
            throw fields.invalid("endpoint_name", "is '" + endpoint + "' but the path names endpoint '" + endpointName + "'");
        }
        String model = fields.string("model", null);
        if (model == null || model.isBlank()) {
            throw fields.invalid("model", "is required (e.g. azureml:my-model:1)");
        }
        Fields request = fields.object("request_settings").allowOnly(REQUEST_SETTINGS);
        Map<String, Object> requestSettings = new LinkedHashMap<>();
        // Azure's defaults and bounds.
        requestSettings.put("request_timeout_ms", request.integer("request_timeout_ms", 5000, 1, 180000));
        requestSettings.put("max_concurrent_requests_per_instance",
                request.integer("max_concurrent_requests_per_instance", 1, 1, 1000));
        requestSettings.put("max_queue_wait_ms", request.integer("max_queue_wait_ms", 500, 0, 180000));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("endpoint_name", endpointName);
        spec.put("instance_count", fields.integer("instance_count", 1, 1, 20));
        spec.put("instance_type", fields.string("instance_type", "Standard_DS3_v2"));
        spec.put("request_settings", requestSettings);
        spec.put("environment_variables", fields.strings("environment_variables", 100));
        spec.put("app_insights_enabled", fields.bool("app_insights_enabled", false));
        spec.put("description", fields.string("description", ""));
        spec.put("tags", fields.strings("tags", 50));
        for (String kept : new String[] {"code_configuration", "environment", "liveness_probe", "readiness_probe",
                "scale_settings"}) {
            if (fields.has(kept)) {
                spec.put(kept, fields.raw().get(kept));
            }
        }
        return new Read(spec, model.trim());
    }
}
