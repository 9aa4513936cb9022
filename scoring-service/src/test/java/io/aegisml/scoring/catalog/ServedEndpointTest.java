package io.aegisml.scoring.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.security.network.Cidr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may reach an endpoint: public access, its allowed ranges, and the private listener. */
class ServedEndpointTest {

    @Test
    void anOpenEndpointWithoutRulesIsReachableFromAnywhere() {
        assertThat(endpoint(true).reachableFrom("203.0.113.9", false, true)).isTrue();
    }

    @Test
    void aClosedEndpointIsReachableOnlyPrivatelyOrFromItsRanges() {
        ServedEndpoint closed = endpoint(false);
        assertThat(closed.reachableFrom("127.0.0.1", false, true)).isFalse();
        assertThat(closed.reachableFrom("127.0.0.1", true, true)).isTrue();

        ServedEndpoint listed = endpoint(false, "127.0.0.2/32", "10.0.0.0/8");
        assertThat(listed.reachableFrom("127.0.0.2", false, true)).isTrue();
        assertThat(listed.reachableFrom("10.200.0.1", false, true)).isTrue();
        assertThat(listed.reachableFrom("127.0.0.3", false, true)).isFalse();
        assertThat(listed.reachableFrom("127.0.0.3", true, true)).isTrue();
    }

    /** Listing ranges restricts an endpoint that is otherwise public: Azure's "selected networks". */
    @Test
    void rangesRestrictAPublicEndpointToo() {
        ServedEndpoint selected = endpoint(true, "127.0.0.2/32");
        assertThat(selected.reachableFrom("127.0.0.2", false, true)).isTrue();
        assertThat(selected.reachableFrom("127.0.0.1", false, true)).isFalse();
        assertThat(selected.reachableFrom(null, false, true)).isFalse();
        assertThat(selected.reachableFrom("not-an-address", false, true)).isFalse();
    }

    /** A closed workspace closes every endpoint in it: only the private listener remains, ranges do not reopen it. */
    @Test
    void aClosedWorkspaceClosesItsEndpointsWhateverTheySay() {
        assertThat(endpoint(true).reachableFrom("203.0.113.9", false, false)).isFalse();
        assertThat(endpoint(true, "0.0.0.0/0").reachableFrom("203.0.113.9", false, false)).isFalse();
        assertThat(endpoint(true).reachableFrom("203.0.113.9", true, false)).isTrue();
    }

    private static ServedEndpoint endpoint(boolean publicAccess, String... ranges) {
        return new ServedEndpoint("/e", "/ws", "e", "key", null, null, Map.of(), Map.of(), publicAccess,
                java.util.Arrays.stream(ranges).map(Cidr::parse).toList());
    }
}
