package io.aegisml.identity.directory;

/**
 * One principal as the directory shows it: {@code objectId} is what role assignments name (a token's
 * {@code sub}); {@code appId} is a service principal's or managed identity's client id, null for a user.
 * {@code principalType} is Azure's: User or ServicePrincipal (a managed identity is a service principal).
 */
public record Principal(String objectId, String principalType, String displayName, String appId) {
}
