package io.aegisml.security.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopesCanonicalTest {

    @Test
    void namesAreLowerCasedAndTypesAndNamespacesKeptAsRoutingSpellsThem() {
        assertThat(Scopes.canonical("/api/subscriptions/Contoso/resourceGroups/RG-Prod/workspaces/Fraud/onlineEndpoints/Scorer/deployments/Blue"))
                .isEqualTo("/api/subscriptions/contoso/resourceGroups/rg-prod/workspaces/fraud/onlineEndpoints/scorer/deployments/blue");
        assertThat(Scopes.canonical("/subscriptions/S/resourceGroups/G/providers/Aegis.ManagedIdentity/userAssignedIdentities/Reader"))
                .isEqualTo("/subscriptions/s/resourceGroups/g/providers/Aegis.ManagedIdentity/userAssignedIdentities/reader");
        assertThat(Scopes.canonical("/api/providers/Aegis.Authorization/roleAssignments/ABC"))
                .isEqualTo("/api/providers/Aegis.Authorization/roleAssignments/abc");
        // An action after a name keeps its spelling.
        assertThat(Scopes.canonical("/api/subscriptions/S/resourceGroups/G/workspaces/W/onlineEndpoints/E/listKeys"))
                .isEqualTo("/api/subscriptions/s/resourceGroups/g/workspaces/w/onlineEndpoints/e/listKeys");
    }

    @Test
    void twoSpellingsOfOneResourceAreOneId() {
        assertThat(Scopes.canonical("/subscriptions/Tenant-A/resourceGroups/G"))
                .isEqualTo(Scopes.canonical("/subscriptions/tenant-a/resourceGroups/g"));
    }

    @Test
    void blobNamesAreCaseSensitiveAndOtherPathsAreLeftAlone() {
        assertThat(Scopes.canonical("/api/subscriptions/S/resourceGroups/G/storageAccounts/Data/containers/In/blobs/Dir/File.TXT"))
                .isEqualTo("/api/subscriptions/s/resourceGroups/g/storageAccounts/data/containers/in/blobs/Dir/File.TXT");
        assertThat(Scopes.canonical("/api/metrics/endpoints/Ep-1")).isEqualTo("/api/metrics/endpoints/Ep-1");
        assertThat(Scopes.canonical("/")).isEqualTo("/");
        assertThat(Scopes.canonical(null)).isNull();
    }
}
