package io.aegisml.identity.authority;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param url          the authority host as clients reach it (the edge), e.g. https://localhost:8080
 * @param tenantId     the tenant's id (a GUID, what goes after the authority); by default derived from the
 *                     token issuer, so it is the same on every start and every machine of one stack
 * @param tokenUrl     Keycloak's token endpoint
 * @param deviceUrl    Keycloak's device-authorization endpoint
 * @param publicClient the public client users sign in with (password, device code)
 * @param issuer       Keycloak's issuer, what the tokens' iss is
 * @param keysUrl      Keycloak's JWK set (where identity-service reaches it)
 */
@ConfigurationProperties("aegis.authority")
public record AuthorityProperties(String url, String tenantId, String tokenUrl, String deviceUrl, String publicClient,
                                  String issuer, String keysUrl) {

    public AuthorityProperties {
        url = strip(url == null || url.isBlank() ? "https://localhost:8080" : url);
        issuer = issuer == null || issuer.isBlank() ? "http://localhost:8180/realms/aegis" : strip(issuer);
        tenantId = tenantId == null || tenantId.isBlank()
                ? UUID.nameUUIDFromBytes(("aegis-tenant|" + issuer).getBytes(StandardCharsets.UTF_8)).toString()
                : tenantId.strip().toLowerCase();
        tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? issuer + "/protocol/openid-connect/token" : tokenUrl;
        deviceUrl = deviceUrl == null || deviceUrl.isBlank() ? issuer + "/protocol/openid-connect/auth/device" : deviceUrl;
        keysUrl = keysUrl == null || keysUrl.isBlank() ? issuer + "/protocol/openid-connect/certs" : keysUrl;
        publicClient = publicClient == null || publicClient.isBlank() ? "aegis-cli" : publicClient;
    }

    /** The realm's name, accepted in place of the tenant id (the last segment of the issuer). */
    String realm() {
        return issuer.substring(issuer.lastIndexOf('/') + 1);
    }

    private static String strip(String url) {
        return url.replaceAll("/+$", "");
    }
}
