package io.aegisml.identity.access;

import io.aegisml.security.rbac.Scopes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api{scope}/providers/Aegis.Authorization/{kind}[/{name}]}: role assignments and definitions
 * live under any scope, as in Azure, so the scope is everything before {@code /providers}.
 */
record ProvidersPath(String scope, String kind, String name) {

    static final String ASSIGNMENTS = "roleAssignments";
    static final String DEFINITIONS = "roleDefinitions";
    private static final Pattern PATH = Pattern.compile(
            "/api(/.*)?/providers/Aegis\\.Authorization/(roleAssignments|roleDefinitions)(?:/([^/]+))?/?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    static boolean matches(String uri) {
        return PATH.matcher(uri).matches();
    }

    static Optional<ProvidersPath> parse(String uri) {
        Matcher m = PATH.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        String scope = m.group(1) == null ? Scopes.ROOT : m.group(1);
        if (!Scopes.isValid(scope)) {
            throw new InvalidAccessRequest("'" + scope + "' is not a scope: use / or a resource id such as "
                    + "/subscriptions/{sub}/resourceGroups/{group}.");
        }
        String name = m.group(3);
        if (name != null && !NAME.matcher(name).matches()) {
            throw new InvalidAccessRequest("'" + name + "' is not a valid name: 1-128 letters, digits, '-', '_', '.'.");
        }
        return Optional.of(new ProvidersPath(scope, m.group(2), name));
    }
}
