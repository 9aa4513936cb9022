package io.aegisml.devstack;

import io.aegisml.infrastructure.InfrastructureConfig;
import io.aegisml.infrastructure.LocalInfrastructure;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code ./aegis up}: starts everything in the foreground, prints where it is, and stops it all
 * cleanly on Ctrl-C. Data stays in {@code AEGIS_DATA_DIR} (default ./.data), so a restart keeps it.
 */
public final class Devstack {

    private Devstack() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || !args[0].equals("up")) {
            System.err.println("usage: devstack up");
            System.exit(2);
        }
        Path dataDir = Path.of(System.getenv().getOrDefault("AEGIS_DATA_DIR", ".data")).toAbsolutePath();
        Path repository = Path.of(System.getProperty("aegis.repo", ".")).toAbsolutePath().normalize();
        long started = System.nanoTime();
        LocalInfrastructure infrastructure;
        AegisStack stack;
        try {
            infrastructure = LocalInfrastructure.start(InfrastructureConfig.defaults(dataDir));
        } catch (RuntimeException e) {
            System.err.println("\nThe stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            stack = AegisStack.start(StackConfig.defaults(dataDir, repository), infrastructure);
        } catch (RuntimeException | Error e) { // an Error too: nothing may be left running behind us
            infrastructure.close();
            System.err.println("\nThe stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Our own signal handling, not a shutdown hook: hooks run all at once, and zonky's would stop
        // PostgreSQL while the services are still finishing their requests and committing.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(signal), s -> stopRequested.countDown());
        }
        printReady(stack, dataDir, (System.nanoTime() - started) / 1_000_000_000.0);
        stopRequested.await();
        System.out.println("\nStopping Aegis ML...");
        stack.close();
        infrastructure.close();
        System.out.println("Stopped. Data kept in " + dataDir);
        System.exit(0);
    }

    private static void printReady(AegisStack stack, Path dataDir, double seconds) {
        var infra = stack.infrastructure();
        System.out.printf("""

                Aegis ML is up (%.0f s, %d MB resident).
                  API (edge)      %s
                  Keycloak        %s   realm %s, admin console %s/admin (user kcadmin, password in %s)
                  Kafka           %s
                  PostgreSQL      %s
                  Azurite (blob)  %s
                  Services        identity %s, deployment %s, scoring %s, audit %s
                  Data and logs   %s
                %s
                Get a token for the bootstrap administrator:
                  curl -s -d grant_type=password -d client_id=%s -d username=admin -d password="$(cat %s)" \\
                    %s/protocol/openid-connect/token
                Ctrl-C stops everything.
                """, seconds, Memory.residentBytes(dataDir) / (1024 * 1024), stack.edgeUrl(), infra.keycloakUrl(),
                AegisRealm.REALM, infra.keycloakUrl(), dataDir.resolve("secrets/keycloak-bootstrap-admin-password"),
                infra.kafkaBootstrapServers(), infra.jdbcUrl("<service>"), infra.blobEndpoint(),
                stack.serviceUrl(Service.IDENTITY), stack.serviceUrl(Service.DEPLOYMENT),
                stack.serviceUrl(Service.SCORING), stack.serviceUrl(Service.AUDIT), dataDir,
                infra.adminPasswordGenerated()
                        ? "\nThe administrator 'admin' was created with the generated password " + infra.adminPassword()
                        + "\n(shown once; it is kept in " + dataDir.resolve("secrets/admin-password")
                        + ", readable by you only).\n"
                        : "",
                AegisRealm.CLI_CLIENT, dataDir.resolve("secrets/admin-password"), infra.tokenIssuer());
    }
}
