package io.aegisml.infrastructure;

/**
 * Running Kafka, PostgreSQL, Keycloak and Azurite, however they were started (local processes or
 * containers). What services and tests need to reach them.
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    /** JDBC URL of one of the stack's databases ({@code identity}, {@code deployment}, {@code audit}). */
    String jdbcUrl(String database);

    String databaseUser();

    String databasePassword();

    /** Base URL of Keycloak, e.g. {@code http://localhost:8180}. */
    String keycloakUrl();

    /** Issuer of the {@code aegis} realm's tokens. */
    default String tokenIssuer() {
        return io.aegisml.infrastructure.keycloak.AegisRealm.issuer(keycloakUrl());
    }

    String blobEndpoint();

    /** The bootstrap administrator's password (user {@code admin}). */
    String adminPassword();

    /** Stops the broker, for fault tests; {@link #startKafka()} brings it back with its data. */
    void stopKafka();

    void startKafka();

    @Override
    void close();
}
