package io.aegisml.identity.authority;

import java.util.regex.Pattern;

/** The authority's public paths (AuthorityController, CloudMetadataController), and nothing else. */
public final class AuthorityPaths {

    private static final Pattern PATHS = Pattern.compile("/[^/]+/(oauth2/(v2\\.0/)?(token|devicecode|authorize|logout)"
            + "|(v2\\.0/)?\\.well-known/openid-configuration|discovery/(instance|keys|v2\\.0/keys)|(userrealm|UserRealm)/[^/]+)"
            + "|/metadata/endpoints");

    private AuthorityPaths() {
    }

    public static boolean matches(String path) {
        return PATHS.matcher(path).matches() && !path.startsWith("/api/") && !path.startsWith("/internal/")
                && !path.startsWith("/actuator/");
    }
}
