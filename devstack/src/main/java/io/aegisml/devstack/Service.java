package io.aegisml.devstack;

/** The five services, their default ports (each overridable) and start order. */
public enum Service {
    IDENTITY("identity-service", "identity", 8081),
    DEPLOYMENT("deployment-service", "deployment", 8082),
    SCORING("scoring-service", null, 8083),
    AUDIT("audit-service", "audit", 8084),
    EDGE("edge-service", null, 8080);

    private final String module;
    private final String database;
    private final int defaultPort;

    Service(String module, String database, int defaultPort) {
        this.module = module;
        this.database = database;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    /** Its own account on the broker, whose ACLs say what it may write and read; null for the edge (no Kafka). */
    public io.aegisml.events.KafkaAccount kafkaAccount() {
        return java.util.Arrays.stream(io.aegisml.events.KafkaAccount.values())
                .filter(account -> account.username().equals(module)).findFirst().orElse(null);
    }

    /** Its own PostgreSQL database, or null for the stateless ones. */
    public String database() {
        return database;
    }

    public int defaultPort() {
        String env = System.getenv("AEGIS_" + name() + "_PORT");
        return env == null || env.isBlank() ? defaultPort : Integer.parseInt(env.strip());
    }
}
