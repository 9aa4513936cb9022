package io.aegisml.identity.amltokens;

import io.aegisml.security.sealing.Sealer;
import org.springframework.beans.factory.annotation.Value;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * The RSA key that signs the tokens identity-service issues itself (aml_token tokens, managed-identity
 * tokens): made on first use and kept in identity-service's own database (as Keycloak keeps its realm
 * keys), so tokens stay valid across restarts — its private half sealed with the platform's key-encryption
 * key ({@code AEGIS_TOKEN_KEYS_ENCRYPTION_KEY}), so a copy of the database cannot sign. Its public half is the JWK set scoring-service verifies
 * aml_token tokens with. Each kind of token has its own issuer and audience, so one never passes for another.
 */
@Component
public class AmlTokenKeys {

    private final JdbcClient jdbc;
    private final Sealer sealer;
    private volatile RSAKey key;

    AmlTokenKeys(JdbcClient jdbc, @Value("${aegis.token-keys.encryption-key:}") String encryptionKey) {
        this.jdbc = jdbc;
        this.sealer = new Sealer(encryptionKey, "AEGIS_TOKEN_KEYS_ENCRYPTION_KEY");
    }

    RSAKey signingKey() {
        RSAKey current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreate();
                }
                current = key;
            }
        }
        return current;
    }

    JWKSet publicKeys() {
        return new JWKSet(List.of(signingKey().toPublicJWK()));
    }

    /** The claims, signed (RS256) with the current key. */
    public String sign(JwtClaimsSet claims) {
        JwsHeader header = JwsHeader
                .with(SignatureAlgorithm.RS256)
                .keyId(signingKey().getKeyID()).build();
        return new NimbusJwtEncoder(
                new ImmutableJWKSet<>(new JWKSet(signingKey())))
                .encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** A decoder of this service's own tokens: RS256 with this key only. Validators are the caller's to add. */
    public NimbusJwtDecoder decoder() {
        try {
            return NimbusJwtDecoder.withPublicKey(signingKey().toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private RSAKey loadOrCreate() {
        try {
            List<RSAKey> stored = jdbc.sql("select kid, private_der, public_der, sealed from aml_token_signing_key "
                            + "order by created_at desc limit 1")
                    .query((rs, n) -> {
                        String kid = rs.getString("kid");
                        byte[] privateDer = rs.getBytes("private_der");
                        if (!rs.getBoolean("sealed")) {
                            sealStored(kid, privateDer); // a key kept in the clear by an earlier version
                        } else {
                            privateDer = sealer.open(privateDer, kid);
                        }
                        return rsaKey(kid, privateDer, rs.getBytes("public_der"));
                    })
                    .list();
            if (!stored.isEmpty()) {
                return stored.get(0);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String kid = UUID.randomUUID().toString();
            // Two instances starting at once: the first insert wins, and both then use the stored key.
            jdbc.sql("insert into aml_token_signing_key (kid, private_der, public_der, sealed, created_at) "
                            + "values (?, ?, ?, true, now())")
                    .params(kid, sealer.seal(pair.getPrivate().getEncoded(), kid), pair.getPublic().getEncoded()).update();
            return rsaKey(kid, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the aml_token signing key", e);
        }
    }

    private void sealStored(String kid, byte[] privateDer) {
        jdbc.sql("update aml_token_signing_key set private_der = ?, sealed = true where kid = ? and not sealed")
                .params(sealer.seal(privateDer, kid), kid).update();
    }

    private static RSAKey rsaKey(String kid, byte[] privateDer, byte[] publicDer) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicDer)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateDer)))
                    .keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(com.nimbusds.jose.JWSAlgorithm.RS256).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the stored aml_token signing key cannot be read", e);
        }
    }
}
