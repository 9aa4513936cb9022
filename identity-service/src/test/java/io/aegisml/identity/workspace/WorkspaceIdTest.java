package io.aegisml.identity.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceIdTest {

    @Test
    void buildsTheResourceId() {
        assertThat(new WorkspaceId("sub1", "rg-1", "ws.a_b").resourceId())
                .isEqualTo("/subscriptions/sub1/resourceGroups/rg-1/workspaces/ws.a_b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-dash-first", "has space", "semi;colon", "slash/inside", "é"})
    void refusesNamesAzureWouldRefuse(String name) {
        assertThatThrownBy(() -> new WorkspaceId("sub1", "rg", name))
                .hasMessageContaining("workspace name");
    }

    @Test
    void refusesNamesOver64Characters() {
        assertThatThrownBy(() -> new WorkspaceId("s".repeat(65), "rg", "ws"))
                .hasMessageContaining("subscription name");
    }

    @Test
    void limitsDescriptionsAndTags() {
        WorkspaceLimits.check("ok", Map.of("team", "ml"));
        assertThatThrownBy(() -> WorkspaceLimits.check("x".repeat(1025), null)).isInstanceOf(InvalidWorkspaceRequest.class);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("t" + i, "v");
        }
        assertThatThrownBy(() -> WorkspaceLimits.check(null, many)).hasMessageContaining("50 tags");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThatThrownBy(() -> WorkspaceLimits.check(null, nullValue)).hasMessageContaining("'k'");
        assertThatThrownBy(() -> WorkspaceLimits.check("nul \u0000 inside", null)).hasMessageContaining("control");
        assertThatThrownBy(() -> WorkspaceLimits.check(null, Map.of("k", "bell\u0007"))).hasMessageContaining("control");
        WorkspaceLimits.check("two\nlines\tand a tab", null);
    }
}
