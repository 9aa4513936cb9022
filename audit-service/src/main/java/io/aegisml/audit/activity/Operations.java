package io.aegisml.audit.activity;

import io.aegisml.events.EventEnvelope;
import java.util.Map;
import java.util.Optional;

/**
 * Which operation each event records, in Azure's naming ({@code .../write} for create and update,
 * {@code .../delete}), and with which status. A refused request (AccessDenied) is the operation that
 * was attempted, Failed. An event type missing here is not silently logged as something else: the
 * consumer sends it to the dead-letter topic.
 */
final class Operations {

    record Operation(String name, String status) {
    }

    private static final Map<String, String> SUCCEEDED = Map.ofEntries(
            Map.entry("SystemAssignedIdentityCreated", "Aegis.ManagedIdentity/identities/write"),
            Map.entry("SystemAssignedIdentityDeleted", "Aegis.ManagedIdentity/identities/delete"),
            Map.entry("UserCreated", "Aegis.Authorization/users/write"),
            Map.entry("UserDisabled", "Aegis.Authorization/users/write"),
            Map.entry("UserEnabled", "Aegis.Authorization/users/write"),
            Map.entry("UserAssignedIdentityCreated", "Aegis.ManagedIdentity/userAssignedIdentities/write"),
            Map.entry("UserAssignedIdentityUpdated", "Aegis.ManagedIdentity/userAssignedIdentities/write"),
            Map.entry("UserAssignedIdentityDeleted", "Aegis.ManagedIdentity/userAssignedIdentities/delete"),
            Map.entry("ServicePrincipalCreated", "Aegis.Identity/servicePrincipals/write"),
            Map.entry("ServicePrincipalSecretReset", "Aegis.Identity/servicePrincipals/resetSecret/action"),
            Map.entry("ServicePrincipalDeleted", "Aegis.Identity/servicePrincipals/delete"),
            Map.entry("StorageAccountCreated", "Aegis.Storage/storageAccounts/write"),
            Map.entry("StorageAccountUpdated", "Aegis.Storage/storageAccounts/write"),
            Map.entry("StorageAccountDeleted", "Aegis.Storage/storageAccounts/delete"),
            Map.entry("StorageContainerCreated", "Aegis.Storage/storageAccounts/containers/write"),
            Map.entry("StorageContainerDeleted", "Aegis.Storage/storageAccounts/containers/delete"),
            // A read-only SAS handed to a managed identity: who read which container, until when.
            Map.entry("StorageAccessGranted", "Aegis.Storage/storageAccounts/containers/generateSas/action"),
            Map.entry("WorkspaceCreated", "Aegis.ML/workspaces/write"),
            Map.entry("WorkspaceUpdated", "Aegis.ML/workspaces/write"),
            Map.entry("WorkspaceDeleted", "Aegis.ML/workspaces/delete"),
            Map.entry("RoleAssignmentCreated", "Aegis.Authorization/roleAssignments/write"),
            Map.entry("RoleAssignmentDeleted", "Aegis.Authorization/roleAssignments/delete"),
            Map.entry("RoleDefinitionCreated", "Aegis.Authorization/roleDefinitions/write"),
            Map.entry("RoleDefinitionUpdated", "Aegis.Authorization/roleDefinitions/write"),
            Map.entry("RoleDefinitionDeleted", "Aegis.Authorization/roleDefinitions/delete"),
            Map.entry("ModelVersionCreated", "Aegis.ML/workspaces/models/write"),
            Map.entry("ModelVersionDeleted", "Aegis.ML/workspaces/models/delete"),
            Map.entry("CodeVersionCreated", "Aegis.ML/workspaces/codes/write"),
            Map.entry("EnvironmentVersionCreated", "Aegis.ML/workspaces/environments/write"),
            Map.entry("OnlineEndpointCreated", "Aegis.ML/workspaces/onlineEndpoints/write"),
            Map.entry("OnlineEndpointUpdated", "Aegis.ML/workspaces/onlineEndpoints/write"),
            Map.entry("OnlineEndpointDeleted", "Aegis.ML/workspaces/onlineEndpoints/delete"),
            Map.entry("OnlineEndpointKeysRegenerated", "Aegis.ML/workspaces/onlineEndpoints/regenerateKeys/action"),
            Map.entry("OnlineDeploymentCreated", "Aegis.ML/workspaces/onlineEndpoints/deployments/write"),
            Map.entry("OnlineDeploymentUpdated", "Aegis.ML/workspaces/onlineEndpoints/deployments/write"),
            Map.entry("OnlineDeploymentSucceeded", "Aegis.ML/workspaces/onlineEndpoints/deployments/write"),
            Map.entry("OnlineDeploymentDeleted", "Aegis.ML/workspaces/onlineEndpoints/deployments/delete"));

    private Operations() {
    }

    static Optional<Operation> of(EventEnvelope event) {
        if (event.type().equals("AccessDenied") && event.data().get("action") instanceof String action) {
            return Optional.of(new Operation(action, "Failed"));
        }
        // A client stopped for guessing keys or tokens: the score operation it kept trying, Failed (once per window).
        if (event.type().equals("AuthenticationLimited")) {
            return Optional.of(new Operation("Aegis.ML/workspaces/onlineEndpoints/score/action", "Failed"));
        }
        // A deployment's provisioning ends asynchronously; its failure is the write operation, Failed.
        if (event.type().equals("OnlineDeploymentFailed")) {
            return Optional.of(new Operation("Aegis.ML/workspaces/onlineEndpoints/deployments/write", "Failed"));
        }
        return Optional.ofNullable(SUCCEEDED.get(event.type())).map(name -> new Operation(name, "Succeeded"));
    }
}
