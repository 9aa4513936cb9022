package io.aegisml.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalPathFilterTest {

    @Test
    void anEscapedCapitalIsTheCapitalAndIsLowerCasedToo() {
        assertThat(CanonicalPathFilter.canonical("/api/subscriptions/s/resourceGroups/g/workspaces/w/onlineEndpoints/%46raud"))
                .isEqualTo("/api/subscriptions/s/resourceGroups/g/workspaces/w/onlineEndpoints/fraud");
        assertThat(CanonicalPathFilter.canonical("/endpoints/%46RAUD/score")).isEqualTo("/endpoints/fraud/score");
        assertThat(CanonicalPathFilter.canonical("/api/subscriptions/%53/resourceGroups/g")).isEqualTo("/api/subscriptions/s/resourceGroups/g");
    }

    @Test
    void otherEscapesAreLeftForTheFirewall() {
        assertThat(CanonicalPathFilter.canonical("/api/subscriptions/s%2Fx/resourceGroups/g"))
                .isEqualTo("/api/subscriptions/s%2fx/resourceGroups/g");
        assertThat(CanonicalPathFilter.decodeUnreserved("/a%zz%4")).isEqualTo("/a%zz%4");
    }
}
