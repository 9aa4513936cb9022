package io.aegisml.deployment.endpoint;

import io.aegisml.security.sealing.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Endpoint keys: 256 random bits each. What is checked (by scoring-service, from Kafka) is the key's
 * SHA-256; a key that random needs no salt or slow hash. listKeys must be able to show a key again,
 * as Azure's does, so deployment-service also keeps it sealed with AES-GCM under its own key-encryption
 * key (from the environment, never the repository), bound to the endpoint and key slot.
 */
@Component
class EndpointKeys {

    record Sealed(String hash, String sealed) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sealer sealer;

    EndpointKeys(@Value("${aegis.endpoint-keys.encryption-key:}") String encryptionKey) {
        this.sealer = new Sealer(encryptionKey, "AEGIS_ENDPOINT_KEYS_ENCRYPTION_KEY");
    }

    /** A new key, returned sealed with its hash. */
    Sealed generate(String endpointId, String slot) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new Sealed(hash(key), Base64.getEncoder().encodeToString(
                sealer.seal(key.getBytes(StandardCharsets.UTF_8), associatedData(endpointId, slot))));
    }

    String open(String sealed, String endpointId, String slot) {
        return new String(sealer.open(Base64.getDecoder().decode(sealed), associatedData(endpointId, slot)),
                StandardCharsets.UTF_8);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String associatedData(String endpointId, String slot) {
        return endpointId + "#" + slot;
    }
}
