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

    /**
     * The one case rule: Azure resource ids are case-insensitive, so each service keeps them in one form,
     * made here and nowhere else. In {@code /subscriptions/{s}/resourceGroups/{g}/...} (and
     * {@code /providers/...} at the root) every name is lower-cased; the type segments ({@code resourceGroups},
     * {@code onlineEndpoints}) and provider namespaces ({@code Aegis.ML}) keep their spelling, which routing
     * matches; a blob's path (after {@code blobs}) is left as it is, blob names being case-sensitive.
     * Anything else is returned unchanged.
     */
    public static String canonical(String id) {
        if (id == null) {
            return null;
        }
        String prefix = id.startsWith("/api/") ? "/api" : "";
        String rest = id.substring(prefix.length());
        if (!rest.startsWith("/subscriptions/") && !rest.startsWith("/providers/")) {
            return id;
        }
        String[] segments = rest.substring(1).split("/", -1);
        StringBuilder out = new StringBuilder(id.length()).append(prefix);
        boolean verbatim = false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean isName = i % 2 == 1 && !verbatim && !"providers".equalsIgnoreCase(segments[i - 1]);
            out.append('/').append(isName ? segment.toLowerCase(java.util.Locale.ROOT) : segment);
            if (i % 2 == 0 && "blobs".equals(segment)) {
                verbatim = true;
            }
        }
        return out.toString();
    }

    private static String trim(String scope) {
        return scope.endsWith("/") && scope.length() > 1 ? scope.substring(0, scope.length() - 1) : scope;
    }
}
