package io.aegisml.deployment.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
    private static final int IV_BYTES = 12;

    private final SecretKeySpec encryptionKey;

    EndpointKeys(@Value("${aegis.endpoint-keys.encryption-key:}") String encryptionKey) {
        if (encryptionKey == null || encryptionKey.strip().length() < 32) {
            throw new IllegalStateException("AEGIS_ENDPOINT_KEYS_ENCRYPTION_KEY must be a random secret of at least "
                    + "32 characters (e.g. `openssl rand -base64 32`); ./aegis up generates one into the data folder.");
        }
        // The AES-256 key is the secret's SHA-256: any long random string will do.
        this.encryptionKey = new SecretKeySpec(digest(encryptionKey.strip().getBytes(StandardCharsets.UTF_8)), "AES");
    }

    /** A new key, returned sealed with its hash. */
    Sealed generate(String endpointId, String slot) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new Sealed(hash(key), seal(key, endpointId, slot));
    }

    String open(String sealed, String endpointId, String slot) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            cipher.updateAAD(associatedData(endpointId, slot));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("An endpoint key cannot be opened: was the key-encryption key changed?", e);
        }
    }

    static String hash(String key) {
        return HexFormat.of().formatHex(digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String seal(String key, String endpointId, String slot) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData(endpointId, slot));
            byte[] sealed = cipher.doFinal(key.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] associatedData(String endpointId, String slot) {
        return (endpointId + "#" + slot).getBytes(StandardCharsets.UTF_8);
    }
}
