package io.aegisml.identity.users;

import io.aegisml.identity.IdentityEvents;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/users}: an administrator creates, lists, shows, disables and re-enables users. A
 * disabled user's tokens are refused at once (the event reaches every service), not at their expiry.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    static final String SUBJECT_PREFIX = "/users/";

    private final UserDirectory directory;
    private final IdentityEvents events;
    private final TransactionTemplate transaction;

    UserController(UserDirectory directory, IdentityEvents events, TransactionTemplate transaction) {
        this.directory = directory;
        this.events = events;
        this.transaction = transaction;
    }

    record CreateRequest(String username, String email, String firstName, String lastName, String password,
                         Boolean temporaryPassword) {
        @Override
        public String toString() {
            return "CreateRequest[" + username + ", password=****]";
        }
    }

    record UpdateRequest(Boolean enabled) {
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody CreateRequest body, @AuthenticationPrincipal Jwt caller,
                                               HttpServletRequest request) {
        if (body.username() == null || !USERNAME.matcher(body.username()).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "username: 1-64 lowercase letters, digits, '.', '_', '@' or '-'.");
        }
        if (body.password() == null || body.password().length() < 12 || body.password().length() > 256) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "password: 12 to 256 characters.");
        }
        UserDirectory.User user = directory.create(new UserDirectory.NewUser(body.username(), body.email(),
                body.firstName(), body.lastName(), body.password(),
                body.temporaryPassword() == null || body.temporaryPassword()));
        publish("UserCreated", user, caller, request);
        return ResponseEntity.status(HttpStatus.CREATED).body(json(user));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(defaultValue = "0") int skip, @RequestParam(defaultValue = "100") int top) {
        if (skip < 0 || top < 1 || top > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "skip >= 0 and top between 1 and 500.");
        }
        List<Map<String, Object>> users = directory.list(skip, top).stream().map(UserController::json).toList();
        return Map.of("value", users);
    }

    @GetMapping("/{id}")
    Map<String, Object> show(@PathVariable String id) {
        return json(find(id));
    }

    /** {@code {"enabled": false}} disables, {@code true} enables again. */
    @PatchMapping("/{id}")
    Map<String, Object> update(@PathVariable String id, @RequestBody UpdateRequest body,
                               @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        if (body.enabled() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Only 'enabled' can be changed.");
        }
        find(id);
        if (id.equals(caller.getSubject()) && !body.enabled()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "You cannot disable yourself.");
        }
        UserDirectory.User user = directory.setEnabled(id, body.enabled());
        publish(body.enabled() ? "UserEnabled" : "UserDisabled", user, caller, request);
        return json(user);
    }

    private UserDirectory.User find(String id) {
        return directory.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id + "."));
    }

    private void publish(String type, UserDirectory.User user, Jwt caller, HttpServletRequest request) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", user.id());
        state.put("principalId", user.id());
        state.put("username", user.username());
        state.put("enabled", user.enabled());
        transaction.executeWithoutResult(status -> events.publish(type, SUBJECT_PREFIX + user.id(), state,
                Callers.actorOf(caller), RequestIdFilter.correlationId(request)));
    }

    private static Map<String, Object> json(UserDirectory.User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("principalId", user.id());
        json.put("username", user.username());
        json.put("email", user.email());
        json.put("enabled", user.enabled());
        return json;
    }
}
