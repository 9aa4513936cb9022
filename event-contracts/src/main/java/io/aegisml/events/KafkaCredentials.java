package io.aegisml.events;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * What a Kafka client signs in with. The broker accepts no anonymous client: each service has a SCRAM
 * account of its own whose ACLs name the topics it may write and read ({@link KafkaAccount}), and only
 * the platform's own account (PLAIN, defined in the broker's configuration) administers the cluster.
 *
 * <p>A service reads its account from the environment ({@link #fromEnvironment()}), so that every client
 * it builds, by hand or through Spring Cloud Stream, signs in as the same account.
 */
public record KafkaCredentials(String securityProtocol, String mechanism, String username, String password) {

    public static final String SCRAM = "SCRAM-SHA-256";
    public static final String PLAIN = "PLAIN";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";

    public static KafkaCredentials scram(String username, String password) {
        return new KafkaCredentials(SASL_PLAINTEXT, SCRAM, username, password);
    }

    /** No authentication at all: only for a broker that has no SASL listener (a test container). */
    public static KafkaCredentials none() {
        return new KafkaCredentials("PLAINTEXT", null, null, null);
    }

    /**
     * From {@code AEGIS_KAFKA_USERNAME}, {@code AEGIS_KAFKA_PASSWORD} and {@code AEGIS_KAFKA_SECURITY_PROTOCOL}
     * (default SASL_PLAINTEXT with SCRAM: a service without an account is refused by the broker, not let in).
     */
    public static KafkaCredentials fromEnvironment() {
        return from(System.getenv());
    }

    static KafkaCredentials from(Map<String, String> env) {
        String protocol = env.getOrDefault("AEGIS_KAFKA_SECURITY_PROTOCOL", SASL_PLAINTEXT);
        if (!protocol.startsWith("SASL_")) {
            return new KafkaCredentials(protocol, null, null, null);
        }
        return new KafkaCredentials(protocol, env.getOrDefault("AEGIS_KAFKA_MECHANISM", SCRAM),
                env.getOrDefault("AEGIS_KAFKA_USERNAME", ""), env.getOrDefault("AEGIS_KAFKA_PASSWORD", ""));
    }

    /** A client's settings for these servers: the bootstrap address and how to sign in. */
    public static Properties clientProperties(String bootstrapServers) {
        return fromEnvironment().clientProperties(bootstrapServers, null);
    }

    public Properties clientProperties(String bootstrapServers, Map<String, ?> more) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(security());
        if (more != null) {
            props.putAll(more);
        }
        return props;
    }

    /** The security settings alone, for clients configured some other way. */
    public Map<String, String> security() {
        if (mechanism == null) {
            return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        }
        String module = PLAIN.equals(mechanism) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol,
                SaslConfigs.SASL_MECHANISM, mechanism,
                SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + quoted(username)
                        + "\" password=\"" + quoted(password) + "\";");
    }

    /** The variables a child process reads with {@link #fromEnvironment()}. */
    public Map<String, String> environment() {
        if (mechanism == null) {
            return Map.of("AEGIS_KAFKA_SECURITY_PROTOCOL", securityProtocol);
        }
        return Map.of("AEGIS_KAFKA_SECURITY_PROTOCOL", securityProtocol, "AEGIS_KAFKA_MECHANISM", mechanism,
                "AEGIS_KAFKA_USERNAME", username, "AEGIS_KAFKA_PASSWORD", password);
    }

    private static String quoted(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaCredentials[" + securityProtocol + ", " + mechanism + ", " + username + "]"; // never the password
    }
}
