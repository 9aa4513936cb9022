package io.aegisml.security.rbac;

import java.util.List;
import java.util.Locale;

/**
 * The action catalogue. It covers every operation of Azure ML's operations table (seed 003),
 * including those whose resources Aegis ML does not serve (compute, experiments, images), so that
 * roles and checkAccess answer for them exactly; plus the endpoint and storage actions.
 */
public final class Actions {

    public static final String WORKSPACES_READ = "Aegis.ML/workspaces/read";
    public static final String WORKSPACES_WRITE = "Aegis.ML/workspaces/write";
    public static final String WORKSPACES_DELETE = "Aegis.ML/workspaces/delete";
    public static final String COMPUTES_READ = "Aegis.ML/workspaces/computes/read";
    public static final String COMPUTES_WRITE = "Aegis.ML/workspaces/computes/write";
    public static final String COMPUTES_DELETE = "Aegis.ML/workspaces/computes/delete";
    public static final String DATASTORES_READ = "Aegis.ML/workspaces/datastores/read";
    public static final String DATASTORES_WRITE = "Aegis.ML/workspaces/datastores/write";
    public static final String DATASTORES_DELETE = "Aegis.ML/workspaces/datastores/delete";
    public static final String RUNS_SUBMIT = "Aegis.ML/workspaces/experiments/runs/submit/action";
    public static final String RUNS_READ = "Aegis.ML/workspaces/experiments/runs/read";
    public static final String METRICS_READ = "Aegis.ML/workspaces/metrics/read";
    public static final String MODELS_READ = "Aegis.ML/workspaces/models/read";
    public static final String MODELS_WRITE = "Aegis.ML/workspaces/models/write";
    public static final String MODELS_DELETE = "Aegis.ML/workspaces/models/delete";
    public static final String CODES_READ = "Aegis.ML/workspaces/codes/read";
    public static final String CODES_WRITE = "Aegis.ML/workspaces/codes/write";
    public static final String ENVIRONMENTS_READ = "Aegis.ML/workspaces/environments/read";
    public static final String ENVIRONMENTS_WRITE = "Aegis.ML/workspaces/environments/write";
    public static final String IMAGES_READ = "Aegis.ML/workspaces/images/read";
    public static final String IMAGES_WRITE = "Aegis.ML/workspaces/images/write";
    public static final String ENDPOINTS_READ = "Aegis.ML/workspaces/onlineEndpoints/read";
    public static final String ENDPOINTS_WRITE = "Aegis.ML/workspaces/onlineEndpoints/write";
    public static final String ENDPOINTS_DELETE = "Aegis.ML/workspaces/onlineEndpoints/delete";
    public static final String ENDPOINTS_SCORE = "Aegis.ML/workspaces/onlineEndpoints/score/action";
    public static final String ENDPOINTS_LIST_KEYS = "Aegis.ML/workspaces/onlineEndpoints/listKeys/action";
    public static final String ENDPOINTS_REGENERATE_KEYS = "Aegis.ML/workspaces/onlineEndpoints/regenerateKeys/action";
    public static final String ENDPOINTS_TOKEN = "Aegis.ML/workspaces/onlineEndpoints/token/action";
    public static final String DEPLOYMENTS_READ = "Aegis.ML/workspaces/onlineEndpoints/deployments/read";
    public static final String DEPLOYMENTS_WRITE = "Aegis.ML/workspaces/onlineEndpoints/deployments/write";
    public static final String DEPLOYMENTS_DELETE = "Aegis.ML/workspaces/onlineEndpoints/deployments/delete";
    public static final String ROLE_ASSIGNMENTS_READ = "Aegis.Authorization/roleAssignments/read";
    public static final String ROLE_ASSIGNMENTS_WRITE = "Aegis.Authorization/roleAssignments/write";
    public static final String ROLE_ASSIGNMENTS_DELETE = "Aegis.Authorization/roleAssignments/delete";
    public static final String ROLE_DEFINITIONS_READ = "Aegis.Authorization/roleDefinitions/read";
    public static final String ROLE_DEFINITIONS_WRITE = "Aegis.Authorization/roleDefinitions/write";
    public static final String ROLE_DEFINITIONS_DELETE = "Aegis.Authorization/roleDefinitions/delete";
    /** Under Aegis.Authorization so that, as role assignments, only Owners administer users. */
    public static final String USERS_READ = "Aegis.Authorization/users/read";
    public static final String USERS_WRITE = "Aegis.Authorization/users/write";
    public static final String SERVICE_PRINCIPALS_READ = "Aegis.Identity/servicePrincipals/read";
    public static final String SERVICE_PRINCIPALS_WRITE = "Aegis.Identity/servicePrincipals/write";
    public static final String SERVICE_PRINCIPALS_DELETE = "Aegis.Identity/servicePrincipals/delete";
    public static final String SERVICE_PRINCIPALS_RESET_SECRET = "Aegis.Identity/servicePrincipals/resetSecret/action";
    public static final String ACTIVITY_LOG_READ = "Aegis.Insights/eventtypes/values/read";
    /** The platform's own metrics (each service's /actuator/prometheus), at the root scope: an operator's. */
    public static final String PLATFORM_METRICS_READ = "Aegis.Insights/metrics/read";
    public static final String IDENTITIES_READ = "Aegis.ManagedIdentity/userAssignedIdentities/read";
    public static final String IDENTITIES_WRITE = "Aegis.ManagedIdentity/userAssignedIdentities/write";
    public static final String IDENTITIES_DELETE = "Aegis.ManagedIdentity/userAssignedIdentities/delete";
    /** Azure's rule: attaching a user-assigned identity to a resource is using it, and needs this on the identity. */
    public static final String IDENTITIES_ASSIGN = "Aegis.ManagedIdentity/userAssignedIdentities/assign/action";
    public static final String STORAGE_ACCOUNTS_READ = "Aegis.Storage/storageAccounts/read";
    public static final String STORAGE_ACCOUNTS_WRITE = "Aegis.Storage/storageAccounts/write";
    public static final String STORAGE_ACCOUNTS_DELETE = "Aegis.Storage/storageAccounts/delete";
    public static final String STORAGE_CONTAINERS_READ = "Aegis.Storage/storageAccounts/containers/read";
    public static final String STORAGE_CONTAINERS_WRITE = "Aegis.Storage/storageAccounts/containers/write";
    public static final String STORAGE_CONTAINERS_DELETE = "Aegis.Storage/storageAccounts/containers/delete";
    /** A data action, as in Azure: granted by DataActions, never by Actions (an Owner does not read blobs). */
    public static final String BLOBS_READ = "Aegis.Storage/storageAccounts/containers/blobs/read";
    public static final String BLOBS_WRITE = "Aegis.Storage/storageAccounts/containers/blobs/write";
    public static final String BLOBS_DELETE = "Aegis.Storage/storageAccounts/containers/blobs/delete";

    public static final List<String> ALL = List.of(WORKSPACES_READ, WORKSPACES_WRITE, WORKSPACES_DELETE, COMPUTES_READ,
            COMPUTES_WRITE, COMPUTES_DELETE, DATASTORES_READ, DATASTORES_WRITE, DATASTORES_DELETE, RUNS_SUBMIT,
            RUNS_READ, METRICS_READ, MODELS_READ, MODELS_WRITE, MODELS_DELETE, CODES_READ, CODES_WRITE, ENVIRONMENTS_READ,
            ENVIRONMENTS_WRITE, IMAGES_READ,
            IMAGES_WRITE, ENDPOINTS_READ, ENDPOINTS_WRITE, ENDPOINTS_DELETE, ENDPOINTS_SCORE, ENDPOINTS_LIST_KEYS,
            ENDPOINTS_REGENERATE_KEYS, ENDPOINTS_TOKEN, DEPLOYMENTS_READ, DEPLOYMENTS_WRITE, DEPLOYMENTS_DELETE,
            ROLE_ASSIGNMENTS_READ, ROLE_ASSIGNMENTS_WRITE, ROLE_ASSIGNMENTS_DELETE, ROLE_DEFINITIONS_READ,
            ROLE_DEFINITIONS_WRITE, ROLE_DEFINITIONS_DELETE, SERVICE_PRINCIPALS_READ, SERVICE_PRINCIPALS_WRITE,
            SERVICE_PRINCIPALS_DELETE, USERS_READ, USERS_WRITE, SERVICE_PRINCIPALS_RESET_SECRET, ACTIVITY_LOG_READ, IDENTITIES_READ, IDENTITIES_WRITE,
            IDENTITIES_DELETE, IDENTITIES_ASSIGN, STORAGE_ACCOUNTS_READ, STORAGE_ACCOUNTS_WRITE, STORAGE_ACCOUNTS_DELETE,
            STORAGE_CONTAINERS_READ, STORAGE_CONTAINERS_WRITE, STORAGE_CONTAINERS_DELETE, BLOBS_READ, BLOBS_WRITE,
            BLOBS_DELETE);

    private Actions() {
    }

    public static boolean isDataAction(String action) {
        return action.toLowerCase(Locale.ROOT).startsWith("aegis.storage/storageaccounts/containers/blobs/");
    }
}
