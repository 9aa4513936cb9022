package io.aegisml.outbox;

import java.net.URI;

/**
 * Host, port, database name and TLS mode of the service's PostgreSQL, parsed from its JDBC URL, so
 * that Debezium's replication connection is as protected as the service's own.
 */
public record DatabaseAddress(String host, int port, String name, String user, String password, String sslMode) {

    public static DatabaseAddress fromJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the outbox needs PostgreSQL, not " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String path = uri.getPath();
        return new DatabaseAddress(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                path.startsWith("/") ? path.substring(1) : path, user, password, sslModeOf(uri.getQuery()));
    }

    private static String sslModeOf(String query) {
        if (query == null) {
            return null;
        }
        String mode = null;
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("sslmode=")) {
                mode = parameter.substring("sslmode=".length());
            } else if (mode == null && (parameter.equals("ssl=true") || parameter.equals("ssl"))) {
                mode = "require";
            }
        }
        return mode;
    }

    @Override
    public String toString() {
        return "DatabaseAddress[" + host + ":" + port + "/" + name + "]";
    }
}
