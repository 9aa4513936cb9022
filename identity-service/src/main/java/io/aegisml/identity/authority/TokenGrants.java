package io.aegisml.identity.authority;

import io.aegisml.identity.directory.PrincipalDirectory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The token requests Azure AD's v1 ({@code resource}) and v2 ({@code scope}) endpoints take, checked
 * and translated to Keycloak's: client credentials for service principals, password, refresh token and
 * device code for users (through the public client). Deny by default: a client credentials request
 * names a registered service principal, a user flow the public client, and the resource is the Aegis API.
 */
@Service
class TokenGrants {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TokenGrants.class);

    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    enum Version { V1, V2 }

    private final AuthorityProperties properties;
    private final KeycloakTokens keycloak;
    private final PrincipalDirectory directory;

    TokenGrants(AuthorityProperties properties, KeycloakTokens keycloak, PrincipalDirectory directory) {
        this.properties = properties;
        this.keycloak = keycloak;
        this.directory = directory;
    }

    /** The tenant in the path: its id, the realm's name, or Azure's multi-tenant names. */
    void requireTenant(String tenant) {
        String t = tenant == null ? "" : tenant.toLowerCase(Locale.ROOT);
        if (!(t.equals(properties.tenantId()) || t.equals(properties.realm()) || t.equals("common")
                || t.equals("organizations"))) {
            throw AadError.tenantNotFound(tenant);
        }
    }

    Map<String, Object> token(Version version, String tenant, Map<String, String> form) {
        requireTenant(tenant);
        String grant = required(form, "grant_type");
        String clientId = required(form, "client_id");
        String resource = resourceOf(version, grant, form);
        Map<String, String> ask = new LinkedHashMap<>();
        ask.put("client_id", clientId);
        switch (grant) {
            case "client_credentials" -> {
                String secret = form.get("client_secret");
                if (secret == null || secret.isEmpty()) {
                    throw new AadError(401, "invalid_client", 7000218, "The request body must contain the following "
                            + "parameter: 'client_assertion' or 'client_secret'.");
                }
                if (!directory.isServicePrincipal(clientId)) {
                    throw AadError.unknownApplication(clientId, properties.tenantId());
                }
                ask.put("grant_type", grant);
                ask.put("client_secret", secret);
            }
            case "password" -> {
                requirePublicClient(clientId);
                ask.put("grant_type", grant);
                ask.put("username", required(form, "username"));
                ask.put("password", required(form, "password"));
                ask.put("scope", "openid");
            }
            case "refresh_token" -> {
                requirePublicClient(clientId);
                ask.put("grant_type", grant);
                ask.put("refresh_token", required(form, "refresh_token"));
            }
            case DEVICE_CODE, "device_code" -> {
                requirePublicClient(clientId);
                ask.put("grant_type", DEVICE_CODE);
                // v2 sends device_code; adal (v1) sends the same value as code.
                String code = form.get("device_code") != null ? form.get("device_code") : form.get("code");
                ask.put("device_code", code == null ? required(form, "device_code") : code);
            }
            default -> throw new AadError(400, "unsupported_grant_type", 70003, "The app requested an unsupported "
                    + "grant type '" + grant + "'.");
        }
        KeycloakTokens.Answer answer = keycloak.post(properties.tokenUrl(), ask);
        if (answer.status() != 200 || answer.text("access_token") == null) {
            throw refusal(grant, clientId, answer);
        }
        return version == Version.V1 ? v1(answer, resource) : v2(answer, form, !grant.equals("client_credentials"));
    }

    /** Device code, step one: the codes the user and the polling client need. */
    Map<String, Object> deviceCode(Version version, String tenant, Map<String, String> form) {
        requireTenant(tenant);
        String clientId = required(form, "client_id");
        requirePublicClient(clientId);
        resourceOf(version, DEVICE_CODE, form);
        KeycloakTokens.Answer answer = keycloak.post(properties.deviceUrl(), Map.of("client_id", clientId, "scope", "openid"));
        if (answer.status() != 200 || answer.text("device_code") == null) {
            log.info("Keycloak refused a device code request: {} {}", answer.text("error"), answer.text("error_description"));
            throw new AadError(400, "invalid_request", 70000, "The identity provider refused the device code request.");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        String uri = answer.text("verification_uri");
        json.put("user_code", answer.text("user_code"));
        json.put("device_code", answer.text("device_code"));
        json.put(version == Version.V1 ? "verification_url" : "verification_uri", uri);
        json.put("expires_in", version == Version.V1 ? answer.text("expires_in") : answer.body().get("expires_in"));
        json.put("interval", version == Version.V1 ? answer.text("interval") : answer.body().get("interval"));
        json.put("message", "To sign in, use a web browser to open the page " + uri + " and enter the code "
                + answer.text("user_code") + " to authenticate.");
        return json;
    }

    private void requirePublicClient(String clientId) {
        if (!properties.publicClient().equals(clientId)) {
            throw AadError.unknownApplication(clientId, properties.tenantId());
        }
    }

    /** The one resource asked for, or the Aegis API where a user flow names none; anything else is refused. */
    private String resourceOf(Version version, String grant, Map<String, String> form) {
        boolean app = grant.equals("client_credentials");
        if (version == Version.V1) {
            String resource = form.get("resource");
            if (resource == null || resource.isBlank()) {
                if (app) {
                    throw AadError.missing("resource");
                }
                return properties.url() + "/";
            }
            if (!Resources.isAegisApi(resource, properties.url())) {
                throw AadError.unknownResource(resource, properties.tenantId());
            }
            return resource;
        }
        String scope = form.get("scope");
        if (scope == null || scope.isBlank()) {
            if (app) {
                throw AadError.missing("scope");
            }
            return properties.url() + "/";
        }
        List<String> resources = Resources.ofScopes(scope);
        if (resources.size() > 1) {
            throw new AadError(400, "invalid_scope", 28000, "Provided value for the input parameter scope is not valid "
                    + "because it contains more than one resource. Scope " + scope + " is not valid.");
        }
        // MSAL adds openid, profile and offline_access to every request, client credentials too: those are set aside.
        boolean dotDefault = java.util.Arrays.stream(scope.trim().split("\\s+"))
                .anyMatch(s -> s.endsWith("/.default") && !Resources.OIDC_SCOPES.contains(s));
        if (app && (resources.isEmpty() || !dotDefault)) {
            throw new AadError(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid. "
                    + "Client credential flows must have a scope value with /.default suffixed to the resource identifier "
                    + "(application ID URI).");
        }
        if (!resources.isEmpty() && !Resources.isAegisApi(resources.get(0), properties.url())) {
            throw AadError.unknownResource(resources.get(0), properties.tenantId());
        }
        return resources.isEmpty() ? properties.url() + "/" : resources.get(0);
    }

    private AadError refusal(String grant, String clientId, KeycloakTokens.Answer answer) {
        String error = answer.text("error");
        if (answer.status() >= 500 || error == null) {
            return new AadError(503, "temporarily_unavailable", 90033, "The identity provider did not answer the "
                    + "token request (HTTP " + answer.status() + "); retry later.");
        }
        if (grant.equals("client_credentials") && (error.equals("invalid_client") || error.equals("unauthorized_client"))) {
            return AadError.wrongSecret(clientId);
        }
        if (grant.equals("password") && error.equals("invalid_grant")) {
            return new AadError(400, "invalid_grant", 50126, "Error validating credentials due to invalid username or "
                    + "password.");
        }
        return switch (error) {
            case "authorization_pending" -> new AadError(400, error, 70016, "OAuth 2.0 device flow error. Authorization "
                    + "is pending. Continue polling.");
            case "slow_down" -> new AadError(400, error, 70016, "Polling too fast: slow down.");
            case "expired_token" -> new AadError(400, "expired_token", 70019, "Verification code expired.");
            default -> {
                // Keycloak's own words stay in our log: they can tell more than the caller should learn.
                log.info("Keycloak refused a {} grant: {} {}", grant, error, answer.text("error_description"));
                yield new AadError(400, error.matches("[a-z_]{1,40}") ? error : "invalid_request", 70000,
                        "The identity provider refused the request.");
            }
        };
    }

    /** Azure AD v1's answer: numbers as strings, expires_on and not_before in epoch seconds, the resource echoed. */
    private static Map<String, Object> v1(KeycloakTokens.Answer answer, String resource) {
        long lifetime = lifetime(answer);
        long now = Instant.now().getEpochSecond();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_type", "Bearer");
        json.put("expires_in", String.valueOf(lifetime));
        json.put("ext_expires_in", String.valueOf(lifetime));
        json.put("expires_on", String.valueOf(now + lifetime));
        json.put("not_before", String.valueOf(now));
        json.put("resource", resource);
        json.put("access_token", answer.text("access_token"));
        if (answer.text("refresh_token") != null) {
            json.put("refresh_token", answer.text("refresh_token"));
        }
        return json;
    }

    /**
     * Azure AD v2's answer: numbers as numbers, and refresh_in (when to renew, which MSAL for Java reads). For an
     * application, only the access token: no scope (msal-node would key its cache on it), no id or refresh token;
     * for a user, the refresh token, and the id token when openid was asked.
     */
    private static Map<String, Object> v2(KeycloakTokens.Answer answer, Map<String, String> form, boolean user) {
        long lifetime = lifetime(answer);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_type", "Bearer");
        json.put("expires_in", lifetime);
        json.put("ext_expires_in", lifetime);
        json.put("refresh_in", lifetime / 2);
        json.put("access_token", answer.text("access_token"));
        if (user && answer.text("refresh_token") != null) {
            json.put("refresh_token", answer.text("refresh_token"));
        }
        if (user && Resources.asksOpenId(form.get("scope")) && answer.text("id_token") != null) {
            json.put("id_token", answer.text("id_token"));
        }
        return json;
    }

    private static long lifetime(KeycloakTokens.Answer answer) {
        return answer.body().get("expires_in") instanceof Number n ? n.longValue() : 300;
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw AadError.missing(name);
        }
        return value;
    }
}
