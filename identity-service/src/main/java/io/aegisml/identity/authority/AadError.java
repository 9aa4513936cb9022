package io.aegisml.identity.authority;

/**
 * A refusal as Azure AD words it: an OAuth error ({@code invalid_client}), an AADSTS number that
 * clients and their users look up, and the HTTP status Azure AD answers it with.
 */
final class AadError extends RuntimeException {

    final int status;
    final String error;
    final int code;

    AadError(int status, String error, int code, String description) {
        super(description);
        this.status = status;
        this.error = error;
        this.code = code;
    }

    static AadError missing(String parameter) {
        return new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: '" + parameter + "'.");
    }

    static AadError tenantNotFound(String tenant) {
        return new AadError(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you "
                + "have the correct tenant ID and are signing into the correct cloud.");
    }

    static AadError unknownApplication(String clientId, String tenant) {
        return new AadError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + tenant + "'. This can happen if the application has not been "
                + "installed by the administrator of the tenant or consented to by any user in the tenant.");
    }

    static AadError wrongSecret(String clientId) {
        return new AadError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being "
                + "sent in the request is the client secret value of app '" + clientId + "'.");
    }

    static AadError unknownResource(String resource, String tenant) {
        return new AadError(400, "invalid_resource", 500011, "The resource principal named " + resource
                + " was not found in the tenant named " + tenant + ". Aegis ML issues tokens for its API "
                + "(https://management.azure.com/, https://ml.azure.com/ or the authority's own URL).");
    }
}
