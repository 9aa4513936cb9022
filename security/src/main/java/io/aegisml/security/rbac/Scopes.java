package io.aegisml.security.rbac;

import java.util.regex.Pattern;

/** Scopes are resource ids; an assignment at a scope applies to that resource and everything below it. */
public final class Scopes {

    public static final String ROOT = "/";
    /** As resource names (and the events' subjects): at most 64 characters. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Scopes() {
    }

    public static boolean covers(String assignmentScope, String resource) {
        if (ROOT.equals(assignmentScope)) {
            return true;
        }
        String a = trim(assignmentScope).toLowerCase(java.util.Locale.ROOT);
        String r = trim(resource).toLowerCase(java.util.Locale.ROOT);
        return r.equals(a) || r.startsWith(a + "/");
    }

    /** "/" or /subscriptions/{s}[/resourceGroups/{g}[/...]] made of plain segments; nothing else. */
    public static boolean isValid(String scope) {
        if (ROOT.equals(scope)) {
            return true;
        }
        if (scope == null || !scope.startsWith("/subscriptions/") || scope.length() > 1024 || scope.endsWith("/")) {
            return false;
        }
        String[] parts = scope.substring(1).split("/");
        for (String part : parts) {
            if (!SEGMENT.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String scope) {
        return scope.endsWith("/") && scope.length() > 1 ? scope.substring(0, scope.length() - 1) : scope;
    }
}
