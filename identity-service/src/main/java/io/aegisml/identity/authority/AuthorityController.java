package io.aegisml.identity.authority;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Azure AD's paths, at the root of the authority host (the edge routes them here): clients build them
 * from {@code https://host/{tenant}}, so they cannot live under /api. Everything here is public, as
 * Azure AD's are: a token request is authenticated by what its form carries.
 */
@RestController
class AuthorityController {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    private final TokenGrants grants;
    private final AuthorityProperties properties;
    private final KeycloakTokens keycloak;

    AuthorityController(TokenGrants grants, AuthorityProperties properties, KeycloakTokens keycloak) {
        this.grants = grants;
        this.properties = properties;
        this.keycloak = keycloak;
    }

    @PostMapping(path = "/{tenant}/oauth2/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> tokenV1(@PathVariable String tenant, @RequestParam MultiValueMap<String, String> form,
                                                HttpServletRequest request) {
        return noStore(grants.token(TokenGrants.Version.V1, tenant, single(form, request)));
    }

    @PostMapping(path = "/{tenant}/oauth2/v2.0/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> tokenV2(@PathVariable String tenant, @RequestParam MultiValueMap<String, String> form,
                                                HttpServletRequest request) {
        return noStore(grants.token(TokenGrants.Version.V2, tenant, single(form, request)));
    }

    @PostMapping(path = "/{tenant}/oauth2/devicecode", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> deviceCodeV1(@PathVariable String tenant,
                                                     @RequestParam MultiValueMap<String, String> form,
                                                     HttpServletRequest request) {
        return noStore(grants.deviceCode(TokenGrants.Version.V1, tenant, single(form, request)));
    }

    @PostMapping(path = "/{tenant}/oauth2/v2.0/devicecode", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> deviceCodeV2(@PathVariable String tenant,
                                                     @RequestParam MultiValueMap<String, String> form,
                                                     HttpServletRequest request) {
        return noStore(grants.deviceCode(TokenGrants.Version.V2, tenant, single(form, request)));
    }

    /** Interactive sign-in is Keycloak's own page: the same query, at Keycloak's authorization endpoint. */
    @GetMapping({"/{tenant}/oauth2/authorize", "/{tenant}/oauth2/v2.0/authorize"})
    ResponseEntity<Void> authorize(@PathVariable String tenant, HttpServletRequest request) {
        return toKeycloak(tenant, "/protocol/openid-connect/auth", request);
    }

    @GetMapping({"/{tenant}/oauth2/logout", "/{tenant}/oauth2/v2.0/logout"})
    ResponseEntity<Void> logout(@PathVariable String tenant, HttpServletRequest request) {
        return toKeycloak(tenant, "/protocol/openid-connect/logout", request);
    }

    private ResponseEntity<Void> toKeycloak(String tenant, String path, HttpServletRequest request) {
        grants.requireTenant(tenant);
        String query = request.getQueryString();
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(properties.issuer() + path
                + (query == null ? "" : "?" + query))).build();
    }

    @GetMapping(path = "/{tenant}/v2.0/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> openIdConfigurationV2(@PathVariable String tenant) {
        grants.requireTenant(tenant);
        return openIdConfiguration(tenant, "/oauth2/v2.0", "/discovery/v2.0/keys");
    }

    @GetMapping(path = "/{tenant}/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> openIdConfigurationV1(@PathVariable String tenant) {
        grants.requireTenant(tenant);
        return openIdConfiguration(tenant, "/oauth2", "/discovery/keys");
    }

    /** The keys of the tokens' signer (Keycloak's), for clients that check an id token's signature; kept 5 minutes. */
    @GetMapping(path = {"/{tenant}/discovery/v2.0/keys", "/{tenant}/discovery/keys"}, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> keys(@PathVariable String tenant) {
        grants.requireTenant(tenant);
        Keys cached = keys;
        if (cached == null || cached.readAt() < System.nanoTime() - java.util.concurrent.TimeUnit.MINUTES.toNanos(5)) {
            KeycloakTokens.Answer answer = keycloak.get(properties.keysUrl());
            if (answer.status() != 200) {
                throw new AadError(503, "temporarily_unavailable", 90033, "The signing keys cannot be read now.");
            }
            cached = new Keys(answer.body(), System.nanoTime());
            keys = cached;
        }
        return cached.body();
    }

    private record Keys(Map<String, Object> body, long readAt) {
    }

    private volatile Keys keys;

    /** Instance discovery: this host is its own cloud, with no aliases. */
    @GetMapping(path = "/{tenant}/discovery/instance", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> instance(@PathVariable String tenant,
                                 @RequestParam(name = "authorization_endpoint", required = false) String authorization) {
        grants.requireTenant(tenant);
        String asked = tenantOf(authorization);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenant_discovery_endpoint", properties.url() + "/" + asked + "/v2.0/.well-known/openid-configuration");
        json.put("api-version", "1.1");
        String host = URI.create(properties.url()).getAuthority();
        json.put("metadata", List.of(Map.of("preferred_network", host, "preferred_cache", host,
                "aliases", List.of(host))));
        return json;
    }

    /** What the password flows ask first: every account here is managed (no federation, no WS-Trust). */
    @GetMapping(path = {"/{tenant}/userrealm/{user}", "/{tenant}/UserRealm/{user}"}, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> userRealm(@PathVariable String tenant, @PathVariable String user) {
        grants.requireTenant(tenant);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ver", "1.0");
        json.put("account_type", "Managed");
        json.put("domain_name", user.contains("@") ? user.substring(user.indexOf('@') + 1) : properties.realm());
        json.put("cloud_instance_name", URI.create(properties.url()).getHost());
        json.put("cloud_audience_urn", "urn:federation:MicrosoftOnline");
        return json;
    }

    private Map<String, Object> openIdConfiguration(String tenant, String oauth, String keys) {
        String base = properties.url() + "/" + tenant;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_endpoint", base + oauth + "/token");
        json.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        json.put("jwks_uri", base + keys);
        json.put("subject_types_supported", List.of("public"));
        json.put("id_token_signing_alg_values_supported", List.of("RS256"));
        json.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        // The host's own issuer name, as Azure AD's documents give it (msal-node checks it shares the authority's host);
        // the access tokens themselves are Keycloak's, and no client reads their iss.
        json.put("issuer", base + (oauth.contains("v2.0") ? "/v2.0" : "/"));
        json.put("request_uri_parameter_supported", false);
        json.put("authorization_endpoint", base + oauth + "/authorize");
        json.put("device_authorization_endpoint", base + oauth + "/devicecode");
        // Every endpoint under {host}/{tenant}/: msal-node reads the first path segment as the tenant.
        json.put("end_session_endpoint", base + oauth + "/logout");
        // Interactive sign-in (authorize) is not offered: its endpoint is listed because clients require the field.
        json.put("grant_types_supported", List.of("client_credentials", "password", "refresh_token",
                TokenGrants.DEVICE_CODE));
        json.put("tenant_region_scope", null);
        json.put("cloud_instance_name", URI.create(properties.url()).getHost());
        json.put("tenant_id", properties.tenantId());
        return json;
    }

    /** The tenant of {@code https://host/{tenant}/oauth2/...}, or common. */
    private String tenantOf(String authorizationEndpoint) {
        try {
            String[] path = URI.create(authorizationEndpoint).getPath().split("/");
            if (path.length > 1 && !path[1].isBlank()) {
                grants.requireTenant(path[1]);
                return path[1];
            }
        } catch (RuntimeException e) {
            // no or another endpoint: common
        }
        return "common";
    }

    /**
     * One value per parameter, and client_secret_basic: client_id and secret in an Authorization: Basic header.
     */
    private static Map<String, String> single(MultiValueMap<String, String> form, HttpServletRequest request) {
        // Credentials and grants only in the body: a query string ends up in access logs and proxies' histories.
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = java.net.URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (SINGLE.contains(name)) {
                    throw new AadError(400, "invalid_request", 900144, "The parameter '" + name + "' must be sent in "
                            + "the request body (application/x-www-form-urlencoded), not in the URL.");
                }
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((name, list) -> {
            // Clients repeat harmless ones (msal-node sends client-request-id in the query and the body); a credential
            // or grant given twice differently could be read one way here and another by Keycloak.
            if (list.stream().distinct().count() > 1 && SINGLE.contains(name)) {
                throw new AadError(400, "invalid_request", 90014, "The parameter '" + name + "' is repeated.");
            }
            values.put(name, list.get(0));
        });
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new AadError(401, "invalid_client", 7000216, "The Authorization header is not valid Basic credentials.");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new AadError(401, "invalid_client", 7000216, "The Authorization header is not valid Basic credentials.");
            }
            String id;
            String secret;
            try {
                id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new AadError(401, "invalid_client", 7000216, "The Authorization header is not valid Basic credentials.");
            }
            String formId = values.get("client_id");
            if (formId != null && !formId.isBlank() && !formId.equals(id)) {
                throw new AadError(401, "invalid_client", 7000216, "client_id differs from the Basic credentials' id.");
            }
            if (values.get("client_secret") != null && !values.get("client_secret").equals(secret)) {
                throw new AadError(401, "invalid_client", 7000216, "Two different client secrets were sent.");
            }
            values.put("client_id", id);
            values.put("client_secret", secret);
        }
        return values;
    }

    private static final java.util.Set<String> SINGLE = java.util.Set.of("grant_type", "client_id", "client_secret",
            "scope", "resource", "username", "password", "refresh_token", "device_code", "code");

    private static ResponseEntity<Map<String, Object>> noStore(Map<String, Object> body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
    }

    /** Azure AD's error body: the OAuth error, an AADSTS description with trace and correlation ids, the codes. */
    @ExceptionHandler(AadError.class)
    ResponseEntity<Map<String, Object>> refused(AadError e, HttpServletRequest request) {
        String trace = UUID.randomUUID().toString();
        String correlation = request.getHeader("client-request-id");
        if (correlation == null || !correlation.matches("[A-Za-z0-9-]{1,64}")) {
            correlation = UUID.randomUUID().toString();
        }
        String timestamp = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", e.error);
        json.put("error_description", "AADSTS" + e.code + ": " + e.getMessage() + "\r\nTrace ID: " + trace
                + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + timestamp);
        json.put("error_codes", List.of(e.code));
        json.put("timestamp", timestamp);
        json.put("trace_id", trace);
        json.put("correlation_id", correlation);
        json.put("error_uri", properties.url() + "/error?code=" + e.code);
        return ResponseEntity.status(e.status).cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(json);
    }
}
