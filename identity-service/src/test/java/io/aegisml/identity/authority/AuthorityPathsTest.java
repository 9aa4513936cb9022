package io.aegisml.identity.authority;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The authority's public paths, which the RBAC filter leaves to their handlers, and nothing next to them. */
class AuthorityPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/aegis/oauth2/token", "/5d0c4a6e-2f1b-3c8d-9e7f-0a1b2c3d4e5f/oauth2/v2.0/token",
        "/common/discovery/instance", "/t/v2.0/.well-known/openid-configuration", "/t/.well-known/openid-configuration",
        "/common/userrealm/alice@contoso.com", "/common/UserRealm/bob", "/t/discovery/v2.0/keys", "/t/oauth2/devicecode",
        "/metadata/endpoints"})
    void theAuthoritysPathsAreItsOwn(String path) {
        assertThat(AuthorityPaths.matches(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/oauth2/token", "/internal/oauth2/token", "/actuator/prometheus", "/actuator/oauth2/token",
        "/internal/managedIdentities/token", "/api/servicePrincipals", "/t/oauth2/token/extra", "/t/x/oauth2/token",
        "/metadata/endpoints/x", "/t/discovery/other", "/api/principals", "/t/userrealm/a/b"})
    void nothingElseIsLeftToAHandler(String path) {
        assertThat(AuthorityPaths.matches(path)).isFalse();
    }
}
