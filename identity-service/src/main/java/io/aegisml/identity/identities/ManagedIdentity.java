package io.aegisml.identity.identities;

/**
 * A managed identity as a deployment runtime is one: {@code id} its resource id, {@code kind}
 * SystemAssigned or UserAssigned; {@code principalId} is what role assignments name.
 */
public record ManagedIdentity(String id, String kind, String clientId, String principalId) {
}
