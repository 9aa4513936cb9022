package io.aegisml.identity.keycloak;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where Keycloak is and the identity-service's own client (client credentials, least privilege). */
@ConfigurationProperties("aegis.keycloak")
record KeycloakProperties(String url, String realm, String clientId, String clientSecret) {

    KeycloakProperties {
        url = url == null ? "http://localhost:8180" : url;
        realm = realm == null ? "aegis" : realm;
        clientId = clientId == null ? "aegis-identity-service" : clientId;
    }

    @Override
    public String toString() {
        return "KeycloakProperties[" + url + ", " + realm + ", " + clientId + ", secret=****]";
    }
}
