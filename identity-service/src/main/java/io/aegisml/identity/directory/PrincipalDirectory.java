package io.aegisml.identity.directory;

import io.aegisml.identity.users.UserDirectory;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Finds principals across the identity provider's users and identity-service's own tables (service
 * principals, user- and system-assigned identities). Only names and ids: nothing a principal could
 * sign in with.
 */
@Service
public class PrincipalDirectory {

    /** Service principals and both kinds of managed identity, with the column that holds each id. */
    private static final String APPLICATIONS = """
            select principal_id::text as object_id, client_id::text as app_id, display_name from service_principal
            union all
            select principal_id::text, client_id::text, name from user_assigned_identity
            union all
            select principal_id::text, client_id::text, 'system-assigned identity' from system_assigned_identity
            """;

    private final JdbcClient jdbc;
    private final UserDirectory users;

    PrincipalDirectory(JdbcClient jdbc, UserDirectory users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    /** The principal whose object id this is. */
    public Optional<Principal> byObjectId(String objectId) {
        if (objectId == null || objectId.isBlank()) {
            return Optional.empty();
        }
        Optional<Principal> application = application("object_id", objectId.toLowerCase(java.util.Locale.ROOT));
        if (application.isPresent() || !isUuid(objectId)) {
            return application; // users' ids are GUIDs too: nothing else goes to the identity provider
        }
        try {
            return users.find(objectId).map(PrincipalDirectory::user);
        } catch (RuntimeException e) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "The directory's users cannot be read now.");
        }
    }

    /**
     * What {@code az role assignment create --assignee} accepts: an object id, a client id (appId) or a
     * user name, tried in that order.
     */
    public Optional<Principal> resolve(String assignee) {
        if (assignee == null || assignee.isBlank() || assignee.length() > 255) {
            return Optional.empty();
        }
        Optional<Principal> byId = byObjectId(assignee);
        if (byId.isPresent()) {
            return byId;
        }
        Optional<Principal> byAppId = application("app_id", assignee);
        return byAppId.isPresent() ? byAppId : users.findByUsername(assignee).map(PrincipalDirectory::user);
    }

    /** Whether this client id is a service principal's (not a managed identity's, not a platform service's). */
    public boolean isServicePrincipal(String clientId) {
        return clientId != null && jdbc.sql("select count(*) from service_principal where client_id = ?").param(clientId)
                .query(Long.class).single() > 0;
    }

    /** A service principal or managed identity by its client id (appId). */
    public Optional<Principal> resolveApplication(String appId) {
        return appId == null ? Optional.empty() : application("app_id", appId.toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<Principal> application(String column, String value) {
        if (!isUuid(value) && column.equals("app_id")) {
            // Service principals' client ids are GUIDs here too; anything else cannot match.
            return Optional.empty();
        }
        return jdbc.sql("select * from (" + APPLICATIONS + ") a where " + column + " = ?").param(value)
                .query((rs, n) -> new Principal(rs.getString("object_id"), "ServicePrincipal",
                        rs.getString("display_name"), rs.getString("app_id")))
                .optional();
    }

    private static Principal user(UserDirectory.User user) {
        return new Principal(user.id(), "User", user.username(), null);
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return value.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
