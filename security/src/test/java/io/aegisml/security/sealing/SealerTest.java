package io.aegisml.security.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealerTest {

    private final Sealer sealer = new Sealer("a-key-encryption-key-of-32-characters!", "TEST_KEY");

    @Test
    void opensWhatItSealedForTheSameOwnerOnly() {
        byte[] secret = "signing key".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = sealer.seal(secret, "kid-1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("signing key");
        assertThat(sealer.open(sealed, "kid-1")).isEqualTo(secret);
        assertThatThrownBy(() -> sealer.open(sealed, "kid-2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Sealer("another-key-encryption-key-of-32-chars", "TEST_KEY").open(sealed, "kid-1"))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.open(sealed, "kid-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShortSecretIsRefusedWithItsSettingsName() {
        assertThatThrownBy(() -> new Sealer("short", "AEGIS_X_KEY")).hasMessageContaining("AEGIS_X_KEY");
    }
}
