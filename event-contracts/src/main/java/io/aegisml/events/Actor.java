package io.aegisml.events;

/**
 * Who caused an event: the token subject and what kind of principal it is.
 *
 * @param id   the principal's id (the token's {@code sub}, or a service name for {@link Kind#System})
 * @param kind user, service principal, managed identity, the holder of an endpoint key (scoring only),
 *             or the platform itself
 * @param name a readable name (user name or client id), may be null
 */
public record Actor(String id, Kind kind, String name) {

    public enum Kind { User, ServicePrincipal, ManagedIdentity, EndpointKey, System }

    public static Actor system(String service) {
        return new Actor(service, Kind.System, service);
    }
}
