package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Forged tokens built from a real one of the stack's Keycloak, sent through the edge and straight to
 * the service behind it (as if the edge were bypassed): all refused with 401, and none creates anything.
 */
@ExtendWith(StackExtension.class)
class TokenAttackE2EIT {

    static AegisStack stack;
    static String real;
    static Map<String, String> forged;

    @BeforeAll
    static void forge(AegisStack running) throws Exception {
        stack = running;
        real = new Tokens(running).admin();
        String[] parts = real.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        forged = new LinkedHashMap<>();
        forged.put("alg none", enc("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        String hs256Header = enc("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid(parts[0]) + "\"}");
        forged.put("HS256 signed with the public key", hs256Header + "." + parts[1] + "."
                + hmac(publicKeyBytes(), hs256Header + "." + parts[1]));
        forged.put("tampered payload", parts[0] + "." + enc(payload.replaceFirst("\"sub\":\"[^\"]*\"",
                "\"sub\":\"attacker\"")) + "." + parts[2]);
        forged.put("signature of another token", parts[0] + "." + parts[1] + "." + new Tokens(running).masterRealm().split("\\.")[2]);
        forged.put("wrong audience and issuer", new Tokens(running).masterRealm());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void forgedTokensAreRefusedAtTheEdgeAndBehindIt(boolean throughEdge) {
        Api api = new Api(throughEdge ? stack.edgeUrl() : stack.serviceUrl(Service.IDENTITY));
        String path = "/api/subscriptions/sub-attack/resourceGroups/rg/workspaces/ws-" + UUID.randomUUID().toString().substring(0, 8);
        forged.forEach((attack, token) -> {
            Api.Response response = api.put(path, token, "{}");
            assertThat(response.status()).as(attack + (throughEdge ? " via edge" : " direct")).isEqualTo(401);
            assertThat(response.json().get("error").get("code").asString()).isEqualTo("Unauthorized");
        });
        assertThat(new Api(stack.edgeUrl()).get(path, real).status()).isEqualTo(404);
    }

    /**
     * The same forgeries against an aad_token endpoint on the data plane's own listener (which checks tokens itself
     * and remembers verified ones): each is a 401 — also right after the real token was verified and remembered, and
     * again on a second try (a refusal is never remembered) — while the real token keeps working.
     */
    @Test
    void forgedTokensAreRefusedOnTheDataPlane() {
        Api api = new Api(stack.edgeUrl());
        Api dataPlane = new Api(stack.dataPlaneUrl());
        ModelServingE2EIT.Workspace ws = new ModelServingE2EIT.Workspace(api, real);
        String endpoint = "attack-" + ws.run;
        ws.serving(endpoint, "aad_token", "iris", io.aegisml.testmodels.TestModels.irisClassifier());
        String scoring = "/endpoints/" + endpoint + "/score";
        String iris = "{\"data\": {\"sepal\": [[5.1, 3.5]], \"petal\": [[1.4, 0.2]]}}";
        Eventually.until(java.time.Duration.ofSeconds(10), () -> dataPlane.send("POST", scoring, real, iris, Map.of()),
                r -> r.status() == 200, "the real token accepted on the data plane");
        for (int round = 0; round < 2; round++) {
            int attempt = round;
            forged.forEach((attack, token) -> {
                Api.Response response = dataPlane.send("POST", scoring, token, iris, Map.of());
                assertThat(response.status()).as(attack + " on the data plane, try " + (attempt + 1)).isEqualTo(401);
                assertThat(response.json().get("error").get("code").asString()).isEqualTo("Unauthorized");
                assertThat(response.body()).doesNotContain("Exception");
            });
        }
        assertThat(dataPlane.send("POST", scoring, real, iris, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void theRealTokenStillWorks() {
        assertThat(new Api(stack.edgeUrl()).put("/api/subscriptions/sub-attack/resourceGroups/rg/workspaces/genuine",
                real, "{}").status()).isIn(200, 201);
    }

    private static String enc(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String kid(String header) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(header)).get("kid").asString();
    }

    /** The realm's RS256 public key, as an attacker would fetch it from the JWKS, encoded (X.509). */
    private static byte[] publicKeyBytes() throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                stack.infrastructure().tokenIssuer() + "/protocol/openid-connect/certs")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode key = Api.JSON.readTree(jwks.body()).get("keys").valueStream()
                .filter(k -> "RS256".equals(k.path("alg").asString())).findFirst().orElseThrow();
        RSAPublicKeySpec spec = new RSAPublicKeySpec(new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asString())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asString())));
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
        return publicKey.getEncoded();
    }

    private static String hmac(byte[] key, String signingInput) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
