package io.aegisml.deployment;

import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.OperationMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** deployment-service's operations and the permission each needs (everything else: 404). */
@Configuration
class DeploymentOperations {

    private static final String WORKSPACE = "/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}";
    private static final String MODELS = WORKSPACE + "/models";
    private static final String CODES = WORKSPACE + "/codes";
    private static final String ENVIRONMENTS = WORKSPACE + "/environments";
    private static final String ENDPOINTS = WORKSPACE + "/onlineEndpoints";
    private static final String DEPLOYMENTS = ENDPOINTS + "/{endpoint}/deployments";

    @Bean
    OperationMap operationMap() {
        // Actions on an endpoint (listKeys, regenerateKeys, logs) are checked on the endpoint or
        // deployment itself: the "collection" scope is the path's parent.
        return OperationMap.builder()
                .resource("PUT", MODELS + "/{name}/versions/{version}", Actions.MODELS_WRITE)
                .resource("GET", MODELS + "/{name}/versions/{version}", Actions.MODELS_READ)
                .resource("DELETE", MODELS + "/{name}/versions/{version}", Actions.MODELS_DELETE)
                .collection("GET", MODELS + "/{name}/versions", Actions.MODELS_READ)
                .collection("GET", MODELS, Actions.MODELS_READ)
                .resource("PUT", CODES + "/{name}/versions/{version}", Actions.CODES_WRITE)
                .resource("GET", CODES + "/{name}/versions/{version}", Actions.CODES_READ)
                .resource("PUT", ENVIRONMENTS + "/{name}/versions/{version}", Actions.ENVIRONMENTS_WRITE)
                .resource("GET", ENVIRONMENTS + "/{name}/versions/{version}", Actions.ENVIRONMENTS_READ)
                .resource("PUT", ENDPOINTS + "/{endpoint}", Actions.ENDPOINTS_WRITE)
                .resource("GET", ENDPOINTS + "/{endpoint}", Actions.ENDPOINTS_READ)
                .resource("DELETE", ENDPOINTS + "/{endpoint}", Actions.ENDPOINTS_DELETE)
                .collection("GET", ENDPOINTS, Actions.ENDPOINTS_READ)
                .collection("POST", ENDPOINTS + "/{endpoint}/listKeys", Actions.ENDPOINTS_LIST_KEYS)
                .collection("POST", ENDPOINTS + "/{endpoint}/regenerateKeys", Actions.ENDPOINTS_REGENERATE_KEYS)
                .resource("PUT", DEPLOYMENTS + "/{deployment}", Actions.DEPLOYMENTS_WRITE)
                .resource("GET", DEPLOYMENTS + "/{deployment}", Actions.DEPLOYMENTS_READ)
                .resource("DELETE", DEPLOYMENTS + "/{deployment}", Actions.DEPLOYMENTS_DELETE)
                .collection("GET", DEPLOYMENTS, Actions.DEPLOYMENTS_READ)
                .collection("GET", DEPLOYMENTS + "/{deployment}/logs", Actions.DEPLOYMENTS_READ)
                .build();
    }
}
