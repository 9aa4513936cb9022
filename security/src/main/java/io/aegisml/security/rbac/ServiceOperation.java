package io.aegisml.security.rbac;

import java.util.List;

/**
 * The operations of Azure ML's operations table (seed 003), each as the actions it needs. An
 * operation is allowed when every one of its actions is.
 */
public enum ServiceOperation {
    CREATE_WORKSPACE("Create workspace", Actions.WORKSPACES_WRITE),
    SHARE_WORKSPACE("Share workspace", Actions.ROLE_ASSIGNMENTS_WRITE),
    CREATE_COMPUTE("Create compute", Actions.COMPUTES_WRITE),
    ATTACH_COMPUTE("Attach compute", Actions.COMPUTES_WRITE),
    ATTACH_DATASTORES("Attach datastores", Actions.DATASTORES_WRITE),
    RUN_EXPERIMENT("Run experiment", Actions.RUNS_SUBMIT),
    VIEW_RUNS_METRICS("View runs/metrics", Actions.RUNS_READ, Actions.METRICS_READ),
    REGISTER_MODEL("Register model", Actions.MODELS_WRITE),
    CREATE_IMAGE("Create image", Actions.IMAGES_WRITE),
    DEPLOY_WEB_SERVICE("Deploy web service", Actions.ENDPOINTS_WRITE, Actions.DEPLOYMENTS_WRITE),
    VIEW_MODELS_IMAGES("View models/images", Actions.MODELS_READ, Actions.IMAGES_READ),
    CALL_WEB_SERVICE("Call web service", Actions.ENDPOINTS_SCORE);

    private final String title;
    private final List<String> actions;

    ServiceOperation(String title, String... actions) {
        this.title = title;
        this.actions = List.of(actions);
    }

    public String title() {
        return title;
    }

    public List<String> actions() {
        return actions;
    }
}
