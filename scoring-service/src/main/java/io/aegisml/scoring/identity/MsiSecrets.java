package io.aegisml.scoring.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One {@code MSI_SECRET} per deployment, new at each provisioning, in memory only (never logged, never on
 * Kafka): whoever presents it to the MSI endpoint gets that deployment's identity, nothing else.
 */
@Component
public class MsiSecrets {

    /** Whose secret it is: the endpoint decides the identity. */
    record Holder(String deploymentId, String endpointId) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Holder> byDeployment = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    /** A fresh secret for the deployment; the previous one stops working. */
    String issue(String deploymentId, String endpointId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byDeployment.put(deploymentId, new Holder(deploymentId, endpointId));
        secrets.put(deploymentId, secret);
        return secret;
    }

    public void revoke(String deploymentId) {
        secrets.remove(deploymentId);
        byDeployment.remove(deploymentId);
    }

    /** The deployment holding this secret, compared in constant time. */
    Optional<Holder> holderOf(String secret) {
        byte[] presented = secret.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> entry : secrets.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getValue().getBytes(StandardCharsets.UTF_8))) {
                return Optional.ofNullable(byDeployment.get(entry.getKey()));
            }
        }
        return Optional.empty();
    }
}
