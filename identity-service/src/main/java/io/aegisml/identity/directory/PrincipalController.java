package io.aegisml.identity.directory;

import io.aegisml.security.rbac.AccessChecks;
import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.Scopes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/principals?assignee=X}: what the CLI's {@code --assignee} resolves through, as az does
 * through Microsoft Graph. Ids (object ids, client ids) resolve for every signed-in caller: they cannot
 * be guessed, and whoever holds one was given it. A user name can be guessed, so it resolves only for
 * who may read the users anyway (users/read at the root); for anyone else it finds nothing, exactly as
 * an unknown name does.
 */
@RestController
class PrincipalController {

    private final PrincipalDirectory directory;
    private final AccessChecks checks;

    PrincipalController(PrincipalDirectory directory, AccessChecks checks) {
        this.directory = directory;
        this.checks = checks;
    }

    @GetMapping("/api/principals")
    Map<String, Object> resolve(@RequestParam String assignee, @AuthenticationPrincipal Jwt caller) {
        boolean readsUsers = checks.decide(caller, Actions.USERS_READ, Scopes.ROOT).allowed();
        Optional<Principal> found = directory.byObjectId(assignee).or(() -> directory.resolveApplication(assignee));
        if (found.isEmpty() && readsUsers) {
            found = directory.resolve(assignee);
        }
        return Map.of("value", found.map(p -> json(p, readsUsers || p.objectId().equals(caller.getSubject())))
                .map(List::of).orElse(List.of()));
    }

    /** A user's name only to who may read users (or to that user): an id found elsewhere must not become a name. */
    private static Map<String, Object> json(Principal principal, boolean mayName) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", principal.objectId());
        json.put("principalType", principal.principalType());
        json.put("displayName", principal.principalType().equals("User") && !mayName ? null : principal.displayName());
        json.put("appId", principal.appId());
        return json;
    }
}
