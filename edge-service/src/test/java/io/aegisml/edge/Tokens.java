package io.aegisml.edge;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** A tiny identity provider: one RSA key published as a JWKS, and tokens good and bad. */
final class Tokens {

    static final String ISSUER = "http://issuer.test/realms/aegis";
    static final String AUDIENCE = "aegis-api";

    private final RSAKey key;
    private final RSAKey stranger;
    private final RSAKey unpublished;
    private final HttpServer jwks;
    private volatile boolean publishing = true;

    private Tokens() throws JOSEException, IOException {
        key = new RSAKeyGenerator(2048).keyID("edge-test").generate();
        stranger = new RSAKeyGenerator(2048).keyID("edge-test").generate();
        unpublished = new RSAKeyGenerator(2048).keyID("edge-test-next").generate();
        byte[] published = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/certs", exchange -> {
            if (!publishing) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, published.length);
            exchange.getResponseBody().write(published);
            exchange.close();
        });
        jwks.start();
    }

    static Tokens start() {
        try {
            return new Tokens();
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs";
    }

    /** What Keycloak would issue to a user of the aegis realm. */
    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("user-1")
                .claim("preferred_username", "alice")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    String valid() {
        return signed(key, claims().build());
    }

    String with(UnaryOperator<JWTClaimsSet.Builder> change) {
        return signed(key, change.apply(claims()).build());
    }

    String signedByStranger() {
        return signed(stranger, claims().build());
    }

    /** Signed with a key id the JWKS does not list, which makes the edge fetch the keys again. */
    String signedByUnpublishedKey() {
        return signed(unpublished, claims().build());
    }

    /** Makes the JWKS answer 503, as an identity provider that is down would. */
    void publishing(boolean publishing) {
        this.publishing = publishing;
    }

    static String unsigned() {
        return new PlainJWT(claims().build()).serialize();
    }

    /** The classic confusion attack: HMAC keyed with the public key, which anyone can fetch. */
    String hmacWithPublicKey() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims().build());
            jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validly signed token whose payload was then changed (here: the subject). */
    String tampered() {
        String[] parts = valid().split("\\.");
        String payload = claims().subject("admin").build().toString();
        return parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
    }

    private static String signed(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
