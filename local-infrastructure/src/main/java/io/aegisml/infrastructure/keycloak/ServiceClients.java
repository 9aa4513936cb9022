package io.aegisml.infrastructure.keycloak;

import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * The services' own confidential clients in realm {@code aegis}, created, or their secrets realigned,
 * at every start:
 * <ul>
 *   <li>{@value #IDENTITY_SERVICE} manages service principals and users: it may manage clients and
 *       users of the realm, nothing more (not Keycloak's master administrator);</li>
 *   <li>{@value #SCORING_SERVICE} is the deployment runtime asking identity-service for its managed
 *       identities' tokens: no realm role, only tokens for the Aegis API audience.</li>
 * </ul>
 */
public final class ServiceClients {

    public static final String IDENTITY_SERVICE = "aegis-identity-service";
    public static final String SCORING_SERVICE = "aegis-scoring-service";
    private static final List<String> REALM_MANAGEMENT_ROLES = List.of("manage-clients", "view-clients", "manage-users",
            "query-clients", "view-users", "query-users");

    private ServiceClients() {
    }

    public static void ensureIdentityServiceClient(String keycloakUrl, String bootstrapAdminPassword, String secret) {
        ensure(keycloakUrl, bootstrapAdminPassword, IDENTITY_SERVICE, "Aegis ML identity-service", secret,
                REALM_MANAGEMENT_ROLES);
    }

    public static void ensureScoringServiceClient(String keycloakUrl, String bootstrapAdminPassword, String secret) {
        ensure(keycloakUrl, bootstrapAdminPassword, SCORING_SERVICE, "Aegis ML scoring-service (deployment runtime)",
                secret, List.of());
    }

    private static void ensure(String keycloakUrl, String bootstrapAdminPassword, String clientId, String name,
                               String secret, List<String> realmManagementRoles) {
        try (Keycloak keycloak = KeycloakBuilder.builder().serverUrl(keycloakUrl).realm("master").clientId("admin-cli")
                .username(KeycloakServer.BOOTSTRAP_ADMIN).password(bootstrapAdminPassword).build()) {
            RealmResource realm = keycloak.realm(AegisRealm.REALM);
            List<ClientRepresentation> existing = realm.clients().findByClientId(clientId);
            if (existing.isEmpty()) {
                ClientRepresentation client = new ClientRepresentation();
                client.setClientId(clientId);
                client.setName(name);
                client.setPublicClient(false);
                client.setServiceAccountsEnabled(true);
                client.setStandardFlowEnabled(false);
                client.setDirectAccessGrantsEnabled(false);
                client.setSecret(secret);
                realm.clients().create(client).close();
                existing = realm.clients().findByClientId(clientId);
            } else {
                ClientRepresentation client = existing.get(0);
                client.setSecret(secret);
                realm.clients().get(client.getId()).update(client);
            }
            ClientResource client = realm.clients().get(existing.get(0).getId());
            if (client.getProtocolMappers().getMappers().stream().noneMatch(m -> m.getName().equals("aegis-api-audience"))) {
                client.getProtocolMappers().createMapper(audienceMapper()).close();
            }
            if (!realmManagementRoles.isEmpty()) {
                String serviceAccount = client.getServiceAccountUser().getId();
                String realmManagement = realm.clients().findByClientId("realm-management").get(0).getId();
                List<RoleRepresentation> roles = realmManagementRoles.stream()
                        .map(r -> realm.clients().get(realmManagement).roles().get(r).toRepresentation()).toList();
                realm.users().get(serviceAccount).roles().clientLevel(realmManagement).add(roles);
            }
        }
    }

    /** Its tokens are for the Aegis API, which every service requires as audience. */
    private static ProtocolMapperRepresentation audienceMapper() {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("aegis-api-audience");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-audience-mapper");
        mapper.setConfig(Map.of("included.custom.audience", AegisRealm.AUDIENCE, "access.token.claim", "true",
                "id.token.claim", "false"));
        return mapper;
    }
}
