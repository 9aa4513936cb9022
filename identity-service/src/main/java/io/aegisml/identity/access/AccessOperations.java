package io.aegisml.identity.access;

import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.OperationMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** identity-service's operations and the permission each needs (everything else: 404). */
@Configuration
class AccessOperations {

    private static final String WORKSPACES = "/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces";
    private static final String IDENTITIES = "/api/subscriptions/{sub}/resourceGroups/{rg}/userAssignedIdentities";
    private static final String ACCOUNTS = "/api/subscriptions/{sub}/resourceGroups/{rg}/storageAccounts";
    private static final String CONTAINERS = ACCOUNTS + "/{account}/containers";
    private static final String BLOBS = CONTAINERS + "/{container}/blobs";
    /** scoring-service asking for a deployment's managed-identity token: its handler checks who asks. */
    public static final String MANAGED_IDENTITY_TOKEN = "/internal/managedIdentities/token";

    /** {@code .../onlineEndpoints/{e}/providers/Aegis.ManagedIdentity/identities/default}: the endpoint's own identity. */
    private static final org.springframework.web.util.pattern.PathPattern SYSTEM_ASSIGNED =
            org.springframework.web.util.pattern.PathPatternParser.defaultInstance.parse(WORKSPACES
                    + "/{ws}/onlineEndpoints/{endpoint}/providers/Aegis.ManagedIdentity/identities/default");

    static boolean systemAssignedIdentity(String path) {
        return SYSTEM_ASSIGNED.matches(org.springframework.http.server.PathContainer.parsePath(path));
    }

    @Bean
    OperationMap operationMap() {
        return OperationMap.builder()
                .resource("PUT", WORKSPACES + "/{ws}", Actions.WORKSPACES_WRITE)
                .resource("GET", WORKSPACES + "/{ws}", Actions.WORKSPACES_READ)
                .resource("DELETE", WORKSPACES + "/{ws}", Actions.WORKSPACES_DELETE)
                .collection("GET", WORKSPACES, Actions.WORKSPACES_READ)
                .resource("PUT", IDENTITIES + "/{name}", Actions.IDENTITIES_WRITE)
                .resource("GET", IDENTITIES + "/{name}", Actions.IDENTITIES_READ)
                .resource("DELETE", IDENTITIES + "/{name}", Actions.IDENTITIES_DELETE)
                .collection("GET", IDENTITIES, Actions.IDENTITIES_READ)
                .resource("PUT", ACCOUNTS + "/{account}", Actions.STORAGE_ACCOUNTS_WRITE)
                .resource("GET", ACCOUNTS + "/{account}", Actions.STORAGE_ACCOUNTS_READ)
                .resource("DELETE", ACCOUNTS + "/{account}", Actions.STORAGE_ACCOUNTS_DELETE)
                .collection("GET", ACCOUNTS, Actions.STORAGE_ACCOUNTS_READ)
                .resource("PUT", CONTAINERS + "/{container}", Actions.STORAGE_CONTAINERS_WRITE)
                .resource("GET", CONTAINERS + "/{container}", Actions.STORAGE_CONTAINERS_READ)
                .resource("DELETE", CONTAINERS + "/{container}", Actions.STORAGE_CONTAINERS_DELETE)
                .collection("GET", CONTAINERS, Actions.STORAGE_CONTAINERS_READ)
                // Blobs: data actions, as in Azure (an Owner holds them, a Contributor does not).
                .resource("PUT", BLOBS + "/{blob}", Actions.BLOBS_WRITE)
                .resource("GET", BLOBS + "/{blob}", Actions.BLOBS_READ)
                .resource("DELETE", BLOBS + "/{blob}", Actions.BLOBS_DELETE)
                .collection("GET", BLOBS, Actions.BLOBS_READ)
                .handlerChecks("POST", MANAGED_IDENTITY_TOKEN::equals)
                // An aml_token for an endpoint: token/action on that endpoint.
                .collection("POST", WORKSPACES + "/{ws}/onlineEndpoints/{endpoint}/token", Actions.ENDPOINTS_TOKEN)
                .handlerChecks("PUT", ProvidersPath::matches)
                .handlerChecks("GET", ProvidersPath::matches)
                .handlerChecks("DELETE", ProvidersPath::matches)
                .handlerChecks("POST", "/api/checkAccess"::equals)
                .handlerChecks("GET", "/api/principals"::equals)
                // The authority's paths are public (their form authenticates): a bearer token sent along changes nothing.
                .handlerChecks("GET", io.aegisml.identity.authority.AuthorityPaths::matches)
                .handlerChecks("POST", io.aegisml.identity.authority.AuthorityPaths::matches)
                .handlerChecks("PUT", AccessOperations::systemAssignedIdentity)
                .handlerChecks("GET", AccessOperations::systemAssignedIdentity)
                .handlerChecks("DELETE", AccessOperations::systemAssignedIdentity)
                .rootScope("POST", "/api/users", Actions.USERS_WRITE)
                .rootScope("GET", "/api/users", Actions.USERS_READ)
                .rootScope("GET", "/api/users/{id}", Actions.USERS_READ)
                .rootScope("PATCH", "/api/users/{id}", Actions.USERS_WRITE)
                .rootScope("POST", "/api/servicePrincipals", Actions.SERVICE_PRINCIPALS_WRITE)
                .rootScope("GET", "/api/servicePrincipals", Actions.SERVICE_PRINCIPALS_READ)
                .rootScope("GET", "/api/servicePrincipals/{clientId}", Actions.SERVICE_PRINCIPALS_READ)
                .rootScope("POST", "/api/servicePrincipals/{clientId}/resetSecret", Actions.SERVICE_PRINCIPALS_RESET_SECRET)
                .rootScope("DELETE", "/api/servicePrincipals/{clientId}", Actions.SERVICE_PRINCIPALS_DELETE)
                .build();
    }
}
