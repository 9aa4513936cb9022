package io.aegisml.deployment.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointKeysTest {

    private final EndpointKeys keys = new EndpointKeys("a-test-secret-of-at-least-thirty-two-chars");

    @Test
    void aSealedKeyOpensToTheKeyItsHashDescribes() {
        EndpointKeys.Sealed sealed = keys.generate("/ep", "primary");
        String key = keys.open(sealed.sealed(), "/ep", "primary");
        assertThat(EndpointKeys.hash(key)).isEqualTo(sealed.hash()).hasSize(64);
        assertThat(sealed.sealed()).doesNotContain(key);
        assertThat(keys.generate("/ep", "primary").hash()).isNotEqualTo(sealed.hash());
    }

    @Test
    void aSealedKeyIsBoundToItsEndpointSlotAndEncryptionKey() {
        EndpointKeys.Sealed sealed = keys.generate("/ep", "primary");
        assertThatThrownBy(() -> keys.open(sealed.sealed(), "/other", "primary")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open(sealed.sealed(), "/ep", "secondary")).isInstanceOf(IllegalStateException.class);
        EndpointKeys other = new EndpointKeys("another-secret-of-at-least-thirty-two-chars");
        assertThatThrownBy(() -> other.open(sealed.sealed(), "/ep", "primary")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShortOrMissingEncryptionSecretStopsTheServiceAtStart() {
        assertThatThrownBy(() -> new EndpointKeys("")).hasMessageContaining("AEGIS_ENDPOINT_KEYS_ENCRYPTION_KEY");
        assertThatThrownBy(() -> new EndpointKeys("short")).hasMessageContaining("32");
    }
}
