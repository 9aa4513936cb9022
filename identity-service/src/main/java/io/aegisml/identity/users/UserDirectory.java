package io.aegisml.identity.users;

import java.util.List;
import java.util.Optional;

/** The port to the identity provider's users (adapter: Keycloak). Passwords go there and nowhere else. */
public interface UserDirectory {

    record User(String id, String username, String email, boolean enabled) {
    }

    record NewUser(String username, String email, String firstName, String lastName, String password,
                   boolean temporaryPassword) {
        @Override
        public String toString() {
            return "NewUser[" + username + ", password=****]";
        }
    }

    User create(NewUser user);

    List<User> list(int first, int max);

    /** A person's account (never a client's service account, which is a service principal's), by id. */
    Optional<User> find(String id);

    /** A person's account by its exact user name. */
    Optional<User> findByUsername(String username);

    User setEnabled(String id, boolean enabled);
}
