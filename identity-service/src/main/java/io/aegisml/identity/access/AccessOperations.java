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
                // An aml_token for an endpoint: token/action on that endpoint.
                .collection("POST", WORKSPACES + "/{ws}/onlineEndpoints/{endpoint}/token", Actions.ENDPOINTS_TOKEN)
                .handlerChecks("PUT", ProvidersPath::matches)
                .handlerChecks("GET", ProvidersPath::matches)
                .handlerChecks("DELETE", ProvidersPath::matches)
                .handlerChecks("POST", "/api/checkAccess"::equals)
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
