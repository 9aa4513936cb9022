package io.aegisml.security.rbac;

import java.util.List;
import java.util.Optional;

/**
 * Owner, Contributor, Reader, Storage Blob Data Reader and Contributor, Managed Identity Operator, with Azure's
 * well-known role ids so that
 * Azure users' scripts and habits carry over. Their permissions reproduce seed 003's operations
 * table: Reader only views and calls web services; only Owner shares (assigns roles).
 */
public final class BuiltInRoles {

    /**
     * Unlike Azure's, our Owner also holds the data actions: "nobody grants more than they hold", and
     * an Owner must be able to grant Storage Blob Data Reader to a deployment's identity.
     */
    public static final RoleDefinition OWNER = new RoleDefinition("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
            "Everything, including granting access to others.", List.of("*"), List.of(), List.of("*"), List.of(),
            List.of(Scopes.ROOT), true);

    /**
     * Service principals are out of a Contributor's reach: resetting the secret of one that holds Owner
     * would be signing in as an Owner, that is granting access (which only Owner may).
     */
    public static final RoleDefinition CONTRIBUTOR = new RoleDefinition("b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Contributor", "Everything but granting access to others.", List.of("*"),
            List.of("Aegis.Authorization/*/write", "Aegis.Authorization/*/delete", "Aegis.Identity/servicePrincipals/*"),
            List.of(), List.of(), List.of(Scopes.ROOT), true);

    public static final RoleDefinition READER = new RoleDefinition("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
            "View everything and call web services; change nothing.",
            List.of("*/read", Actions.ENDPOINTS_SCORE), List.of(), List.of(), List.of(), List.of(Scopes.ROOT), true);

    public static final RoleDefinition STORAGE_BLOB_DATA_READER = new RoleDefinition(
            "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader",
            "Read blob containers and their blobs.",
            List.of(Actions.STORAGE_CONTAINERS_READ), List.of(), List.of(Actions.BLOBS_READ), List.of(),
            List.of(Scopes.ROOT), true);

    public static final RoleDefinition STORAGE_BLOB_DATA_CONTRIBUTOR = new RoleDefinition(
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor",
            "Read, write and delete blob containers and their blobs.",
            List.of("Aegis.Storage/storageAccounts/containers/*"), List.of(),
            List.of("Aegis.Storage/storageAccounts/containers/blobs/*"), List.of(), List.of(Scopes.ROOT), true);

    /** Azure's built-in role of the same name and id: read user-assigned identities and attach them to endpoints. */
    public static final RoleDefinition MANAGED_IDENTITY_OPERATOR = new RoleDefinition(
            "f1a07417-d97a-45cb-824c-7a7467783830", "Managed Identity Operator",
            "Read and assign user-assigned identities.",
            List.of(Actions.IDENTITIES_READ, Actions.IDENTITIES_ASSIGN), List.of(), List.of(), List.of(),
            List.of(Scopes.ROOT), true);

    public static final List<RoleDefinition> ALL = List.of(OWNER, CONTRIBUTOR, READER, STORAGE_BLOB_DATA_READER,
            STORAGE_BLOB_DATA_CONTRIBUTOR, MANAGED_IDENTITY_OPERATOR);

    private BuiltInRoles() {
    }

    /** By id or, case-insensitively, by name. */
    public static Optional<RoleDefinition> find(String idOrName) {
        return ALL.stream().filter(r -> r.id().equalsIgnoreCase(idOrName) || r.roleName().equalsIgnoreCase(idOrName))
                .findFirst();
    }
}
