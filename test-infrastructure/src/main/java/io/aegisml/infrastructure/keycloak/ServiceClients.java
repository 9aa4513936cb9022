package io.aegisml.infrastructure.keycloak;

import java.util.List;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * The confidential client through which identity-service manages service principals: it may manage
 * clients and users of realm {@code aegis}, nothing more (not Keycloak's master administrator).
 * Created, or its secret realigned, at every start.
 */
public final class ServiceClients {

    public static final String IDENTITY_SERVICE = "aegis-identity-service";
    private static final List<String> REALM_MANAGEMENT_ROLES = List.of("manage-clients", "view-clients", "manage-users",
            "query-clients", "view-users", "query-users");

    private ServiceClients() {
    }

    public static void ensureIdentityServiceClient(String keycloakUrl, String bootstrapAdminPassword, String secret) {
        try (Keycloak keycloak = KeycloakBuilder.builder().serverUrl(keycloakUrl).realm("master").clientId("admin-cli")
                .username(KeycloakServer.BOOTSTRAP_ADMIN).password(bootstrapAdminPassword).build()) {
            RealmResource realm = keycloak.realm(AegisRealm.REALM);
            List<ClientRepresentation> existing = realm.clients().findByClientId(IDENTITY_SERVICE);
            if (existing.isEmpty()) {
                ClientRepresentation client = new ClientRepresentation();
                client.setClientId(IDENTITY_SERVICE);
                client.setName("Aegis ML identity-service");
                client.setPublicClient(false);
                client.setServiceAccountsEnabled(true);
                client.setStandardFlowEnabled(false);
                client.setDirectAccessGrantsEnabled(false);
                client.setSecret(secret);
                realm.clients().create(client).close();
                existing = realm.clients().findByClientId(IDENTITY_SERVICE);
            } else {
                ClientRepresentation client = existing.get(0);
                client.setSecret(secret);
                realm.clients().get(client.getId()).update(client);
            }
            String serviceAccount = realm.clients().get(existing.get(0).getId()).getServiceAccountUser().getId();
            String realmManagement = realm.clients().findByClientId("realm-management").get(0).getId();
            List<RoleRepresentation> roles = REALM_MANAGEMENT_ROLES.stream()
                    .map(r -> realm.clients().get(realmManagement).roles().get(r).toRepresentation()).toList();
            realm.users().get(serviceAccount).roles().clientLevel(realmManagement).add(roles);
        }
    }

}
