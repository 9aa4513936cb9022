package io.aegisml.outbox;

import java.net.URI;

/** Host, port and database name of the service's PostgreSQL, parsed from its JDBC URL, for Debezium. */
public record DatabaseAddress(String host, int port, String name, String user, String password) {

    public static DatabaseAddress fromJdbcUrl(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the outbox needs PostgreSQL, not " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String path = uri.getPath();
        return new DatabaseAddress(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                path.startsWith("/") ? path.substring(1) : path, user, password);
    }

    @Override
    public String toString() {
        return "DatabaseAddress[" + host + ":" + port + "/" + name + "]";
    }
}
