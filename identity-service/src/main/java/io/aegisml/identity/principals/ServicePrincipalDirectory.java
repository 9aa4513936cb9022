package io.aegisml.identity.principals;

/** The port to the identity provider, which holds the clients and their secrets (adapter: Keycloak). */
public interface ServicePrincipalDirectory {

    /** What the identity provider made: the secret is returned once and never stored by Aegis ML. */
    record Registration(String clientId, String principalId, String secret) {
        @Override
        public String toString() {
            return "Registration[" + clientId + ", " + principalId + ", secret=****]";
        }
    }

    Registration register(String clientId, String displayName);

    /** A new secret; the old one stops working at once. */
    String resetSecret(String clientId);

    void remove(String clientId);

}
