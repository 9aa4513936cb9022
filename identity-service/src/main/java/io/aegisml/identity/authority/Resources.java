package io.aegisml.identity.authority;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a client asks a token for — a v1 {@code resource} or v2 {@code scope}s — mapped onto Aegis ML's
 * audiences. Azure's names for the management API and for Azure ML (whose {@code aad_token} endpoints
 * take the same token) all mean the Aegis API, whose tokens Keycloak issues with audience aegis-api.
 * Storage is not among them: storage tokens are a managed identity's, from MSI_ENDPOINT.
 */
final class Resources {

    /** OpenID Connect's own scopes: they ask for an id token or a refresh token, not for a resource. */
    static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    private static final Set<String> AZURE_API = Set.of("https://management.azure.com", "https://management.core.windows.net",
            "https://ml.azure.com", "aegis-api");

    private Resources() {
    }

    /** Whether a v1 resource (or a v2 scope's resource) is the Aegis API. */
    static boolean isAegisApi(String resource, String authorityUrl) {
        String normal = resource.strip().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        return AZURE_API.contains(normal) || normal.equals(authorityUrl.toLowerCase(Locale.ROOT));
    }

    /** The resources a v2 scope list names ({@code https://management.azure.com//.default openid} → one). */
    static List<String> ofScopes(String scopes) {
        List<String> resources = new ArrayList<>();
        for (String scope : scopes.trim().split("\\s+")) {
            if (scope.isEmpty() || OIDC_SCOPES.contains(scope.toLowerCase(Locale.ROOT))) {
                continue;
            }
            int slash = scope.lastIndexOf('/');
            // "https://x/.default" or "https://x/user_impersonation": the resource is what comes before the last slash.
            String resource = slash > "https://".length() ? scope.substring(0, slash) : scope;
            if (!resources.contains(resource)) {
                resources.add(resource);
            }
        }
        return resources;
    }

    static boolean asksOpenId(String scopes) {
        return scopes != null && List.of(scopes.trim().split("\\s+")).contains("openid");
    }
}
