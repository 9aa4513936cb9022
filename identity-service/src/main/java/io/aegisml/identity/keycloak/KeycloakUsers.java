package io.aegisml.identity.keycloak;

import io.aegisml.identity.users.UserDirectory;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** Users are the realm's users; a temporary password makes Keycloak ask for a new one at first login. */
@Component
class KeycloakUsers implements UserDirectory {

    private final Keycloak keycloak;
    private final KeycloakProperties properties;

    KeycloakUsers(Keycloak keycloak, KeycloakProperties properties) {
        this.properties = properties;
        this.keycloak = keycloak;
    }

    @Override
    public User create(NewUser user) {
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(user.username());
        rep.setEmail(user.email());
        rep.setEmailVerified(user.email() != null);
        rep.setFirstName(user.firstName() == null ? user.username() : user.firstName());
        rep.setLastName(user.lastName() == null ? "-" : user.lastName());
        rep.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(user.password());
        password.setTemporary(user.temporaryPassword());
        rep.setCredentials(List.of(password));
        try (Response response = users().create(rep)) {
            if (response.getStatus() == 409) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "A user named " + user.username() + " exists.");
            }
            if (response.getStatus() != 201) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The identity provider refused the user "
                        + "(HTTP " + response.getStatus() + "): check the password policy and the email.");
            }
            String location = response.getLocation().getPath();
            return find(location.substring(location.lastIndexOf('/') + 1)).orElseThrow();
        }
    }

    @Override
    public List<User> list(int first, int max) {
        return users().list(first, max).stream().map(KeycloakUsers::user).toList();
    }

    @Override
    public Optional<User> find(String id) {
        try {
            return Optional.of(users().get(id).toRepresentation()).filter(KeycloakUsers::person).map(KeycloakUsers::user);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return users().searchByUsername(username, true).stream().filter(KeycloakUsers::person).findFirst()
                .map(KeycloakUsers::user);
    }

    /** Keycloak keeps a client's service account among its users; it is not a person. */
    private static boolean person(UserRepresentation rep) {
        return !rep.getUsername().startsWith("service-account-");
    }

    @Override
    public User setEnabled(String id, boolean enabled) {
        UserRepresentation rep = users().get(id).toRepresentation();
        rep.setEnabled(enabled);
        users().get(id).update(rep);
        if (!enabled) {
            users().get(id).logout(); // ends its sessions: no new token from a refresh
        }
        return user(rep);
    }

    private UsersResource users() {
        return keycloak.realm(properties.realm()).users();
    }

    private static User user(UserRepresentation rep) {
        return new User(rep.getId(), rep.getUsername(), rep.getEmail(), Boolean.TRUE.equals(rep.isEnabled()));
    }
}
