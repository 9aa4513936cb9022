package io.aegisml.identity.keycloak;

import io.aegisml.identity.principals.ServicePrincipalDirectory;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Each service principal is a confidential Keycloak client with a service account: client-credentials
 * tokens valid one hour (as Azure's), carrying the audience aegis-api; its {@code sub} is the service
 * account's id, the principal id that role assignments name.
 */
@Component
class KeycloakServicePrincipals implements ServicePrincipalDirectory {

    private final Keycloak keycloak;
    private final KeycloakProperties properties;

    KeycloakServicePrincipals(Keycloak keycloak, KeycloakProperties properties) {
        this.properties = properties;
        this.keycloak = keycloak;
    }

    @Override
    public Registration register(String clientId, String displayName) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName(displayName);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setAttributes(Map.of("access.token.lifespan", "3600"));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("aegis-api audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.custom.audience", "aegis-api", "access.token.claim", "true"));
        client.setProtocolMappers(List.of(audience));
        try (Response response = realm().clients().create(client)) {
            if (response.getStatus() != 201) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The identity provider refused to create "
                        + "the service principal (HTTP " + response.getStatus() + ").");
            }
        }
        ClientResource created = client(clientId);
        return new Registration(clientId, created.getServiceAccountUser().getId(), created.getSecret().getValue());
    }

    @Override
    public String resetSecret(String clientId) {
        return client(clientId).generateNewSecret().getValue();
    }

    @Override
    public void remove(String clientId) {
        realm().clients().findByClientId(clientId).forEach(c -> realm().clients().get(c.getId()).remove());
    }

    private ClientResource client(String clientId) {
        List<ClientRepresentation> found = realm().clients().findByClientId(clientId);
        if (found.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No service principal " + clientId + ".");
        }
        return realm().clients().get(found.get(0).getId());
    }

    private RealmResource realm() {
        return keycloak.realm(properties.realm());
    }
}
