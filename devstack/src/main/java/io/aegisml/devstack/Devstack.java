package io.aegisml.devstack;

import io.aegisml.infrastructure.InfrastructureConfig;
import io.aegisml.infrastructure.LocalInfrastructure;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.process.Component;
import io.aegisml.infrastructure.process.LocalProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code ./aegis up}: starts everything in the foreground, prints where it is, keeps it running (a
 * component that dies is restarted), and stops it all cleanly on Ctrl-C. Data stays in
 * {@code AEGIS_DATA_DIR} (default ./.data), so a restart keeps it. {@code status} reports on a running one.
 */
public final class Devstack {

    private Devstack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(System.getenv().getOrDefault("AEGIS_DATA_DIR", ".data")).toAbsolutePath();
        if (args.length == 1 && args[0].equals("status")) {
            System.exit(StatusCommand.run(dataDir, System.out));
        }
        if (args.length != 1 || !args[0].equals("up")) {
            System.err.println("usage: devstack up|status");
            System.exit(2);
        }
        Path repository = Path.of(System.getProperty("aegis.repo", ".")).toAbsolutePath().normalize();
        // Our own signal handling, not a shutdown hook: hooks run all at once, while the services must stop
        // before the infrastructure they are still committing to. A stop asked for during start-up makes
        // the components still starting give up, and what did start is stopped.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(signal), s -> {
                stopRequested.countDown();
                LocalProcess.abortStarts();
            });
        }
        long started = System.nanoTime();
        LocalInfrastructure infrastructure = null;
        AegisStack stack;
        try {
            infrastructure = LocalInfrastructure.start(InfrastructureConfig.defaults(dataDir));
            stack = AegisStack.start(StackConfig.defaults(dataDir, repository), infrastructure);
        } catch (Throwable e) { // Errors too: a start-up failure is reported in a line, and nothing stays running
            if (infrastructure != null) {
                infrastructure.close();
            }
            StartupReport.failed(e, dataDir, System.err);
            System.exit(1);
            return;
        }
        StatusFile status = new StatusFile(dataDir);
        List<Component> components = new ArrayList<>(infrastructure.components());
        components.addAll(stack.components());
        Supervisor supervisor = new Supervisor(components, status);
        supervisor.start();
        if (stopRequested.getCount() > 0) {
            printReady(stack, dataDir, (System.nanoTime() - started) / 1_000_000_000.0);
            ClassDataSharing.archiveInBackground(); // after the "up" line: it measures the stack, not this work
        }
        stopRequested.await();
        System.out.println("\nStopping Aegis ML...");
        ClassDataSharing.stop();
        supervisor.close();
        stack.close();
        infrastructure.close();
        status.delete();
        System.out.println("Stopped. Data kept in " + dataDir);
        System.exit(0);
    }

    private static String tlsLine(AegisStack stack) {
        var tls = stack.tls();
        if (tls == null) {
            return "off: the edge and the data plane answer in clear text (AEGIS_PLAINTEXT=true, local use only)";
        }
        return tls.caCertificate() == null ? "certificate " + tls.certificate() + " (yours)"
                : "the edge and the data plane, certificate from the CA " + tls.caCertificate()
                + " (./aegis trusts it; curl --cacert " + tls.caCertificate() + ")";
    }

    /** The CA's fingerprint, told once: when this start made it. */
    private static String caMadeNow(AegisStack stack) {
        var tls = stack.tls();
        return tls == null || !tls.caMadeNow() ? "" : "\nA local certificate authority was made for TLS: " + tls.caCertificate()
                + "\n  SHA-256 fingerprint " + tls.caFingerprint()
                + "\nTrust it in other clients (browsers, Python: REQUESTS_CA_BUNDLE, Java: a trust store); its key stays in "
                + tls.caCertificate().resolveSibling("ca.key") + ".\n";
    }

    private static void printReady(AegisStack stack, Path dataDir, double seconds) {
        var infra = stack.infrastructure();
        System.out.printf("""

                Aegis ML is up (%.0f s, %d MB resident).
                  API (edge)      %s
                  Authority       %s/%s (Azure AD-compatible, for adal, msal, azure-identity: host, then tenant)
                  Scoring         %s (the data plane: endpoints' scoring_uri)
                  Keycloak        %s   realm %s, admin console %s/admin (user kcadmin, password in %s)
                  Kafka           %s (SASL/SCRAM; ./aegis events tail signs in as the read-only events-reader)
                  PostgreSQL      %s
                  Azurite (blob)  %s
                  Services        identity %s, deployment %s, scoring %s, audit %s
                  Data and logs   %s
                  TLS             %s
                %s%s
                Get a token for the bootstrap administrator:
                  curl -s -d grant_type=password -d client_id=%s -d username=admin -d password="$(cat %s)" \\
                    %s/protocol/openid-connect/token
                Ctrl-C stops everything.
                """, seconds, Memory.residentBytes() / (1024 * 1024), stack.edgeUrl(), stack.edgeUrl(),
                stack.tenantId(), stack.dataPlaneUrl(), infra.keycloakUrl(),
                AegisRealm.REALM, infra.keycloakUrl(), dataDir.resolve("secrets/keycloak-bootstrap-admin-password"),
                infra.kafkaBootstrapServers(), infra.jdbcUrl("<service>"), infra.blobEndpoint(),
                stack.serviceUrl(Service.IDENTITY), stack.serviceUrl(Service.DEPLOYMENT),
                stack.serviceUrl(Service.SCORING), stack.serviceUrl(Service.AUDIT), dataDir, tlsLine(stack),
                caMadeNow(stack), infra.adminPasswordGenerated()
                        ? "\nThe administrator 'admin' was created with the generated password " + infra.adminPassword()
                        + "\n(shown once; it is kept in " + dataDir.resolve("secrets/admin-password")
                        + ", readable by you only).\n"
                        : "",
                AegisRealm.CLI_CLIENT, dataDir.resolve("secrets/admin-password"), infra.tokenIssuer());
    }
}
