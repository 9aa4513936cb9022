package io.aegisml.security.token;

import io.aegisml.events.Actor;
import org.springframework.security.oauth2.jwt.Jwt;

/** Turns a validated token into the {@link Actor} recorded on events and in the activity log. */
public final class Callers {

    private Callers() {
    }

    public static Actor actorOf(Jwt jwt) {
        // Keycloak puts client_id on tokens obtained with client credentials (service accounts);
        // managed-identity tokens, issued by identity-service, carry aegis_identity_type and _name.
        Actor.Kind kind;
        String name;
        if (jwt.hasClaim("aegis_identity_type")) {
            kind = Actor.Kind.ManagedIdentity;
            name = jwt.getClaimAsString("aegis_identity_name");
        } else if (jwt.hasClaim("client_id")) {
            kind = Actor.Kind.ServicePrincipal;
            name = jwt.getClaimAsString("client_id");
        } else {
            kind = Actor.Kind.User;
            name = jwt.getClaimAsString("preferred_username");
        }
        return new Actor(jwt.getSubject(), kind, name);
    }
}
