package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aegisml.cli.Aegis;
import io.aegisml.testmodels.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Seed 000's walk-through (without the storage part) typed as a user would, with the aegis CLI. */
@ExtendWith(StackExtension.class)
class CliE2EIT {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return Api.JSON.readTree(out);
        }
    }

    @AfterEach
    void forgetTheLogin() {
        System.clearProperty("aegis.config.dir");
    }

    static Run aegis(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = Aegis.run(args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theWalkThroughWithTheCli(AegisStack stack) throws Exception {
        System.setProperty("aegis.config.dir", dir.resolve("home").toString());
        String run = UUID.randomUUID().toString().substring(0, 6);
        String endpoint = "cli-" + run;
        assertThat(aegis("ml", "online-endpoint", "list", "-g", "rg", "-w", "ws").exit()).isEqualTo(3);
        Run login = aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(),
                "--url", stack.edgeUrl(), "--issuer", stack.infrastructure().tokenIssuer());
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(aegis("configure", "--defaults", "subscription=sub-cli", "group=rg-" + run, "workspace=ws").exit())
                .isZero();

        Path model = Files.write(dir.resolve("linear-regression.onnx"), TestModels.linearRegression());
        Run registered = aegis("ml", "model", "create", "--name", "linreg", "--version", "1", "--path", model.toString());
        assertThat(registered.exit()).as(registered.err()).isZero();
        assertThat(registered.json().get("sha256").asString()).hasSize(64);

        Path endpointFile = Files.writeString(dir.resolve("endpoint.yml"), """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
                name: %s
                auth_mode: key
                """.formatted(endpoint));
        Path blueFile = Files.writeString(dir.resolve("blue-deployment.yml"), """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
                name: blue
                endpoint_name: %s
                model: azureml:linreg:1
                environment: azureml:onnx-env:1
                instance_type: Standard_DS3_v2
                instance_count: 1
                """.formatted(endpoint));
        Path request = Files.writeString(dir.resolve("sample-request.json"),
                "{\"data\": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}");

        assertThat(aegis("ml", "online-endpoint", "create", "-f", endpointFile.toString()).exit()).isZero();
        Run deployed = aegis("ml", "online-deployment", "create", "-f", blueFile.toString(), "--all-traffic");
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.err()).contains("Creating", "Succeeded");
        assertThat(deployed.json().get("provisioning_state").asString()).isEqualTo("Succeeded");
        Run shown = aegis("ml", "online-endpoint", "show", "-n", endpoint, "-o", "json");
        assertThat(shown.json().get("traffic").get("blue").asInt()).isEqualTo(100);

        double[] expected = TestModels.expectedLinearRegression(new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}});
        Run invoked = Eventually.until(java.time.Duration.ofSeconds(10),
                () -> aegis("ml", "online-endpoint", "invoke", "-n", endpoint, "--request-file", request.toString()),
                r -> r.exit() == 0, "the endpoint answering");
        assertThat(invoked.json().get(0).asDouble()).isCloseTo(expected[0], within(1e-3));
        assertThat(invoked.json().get(1).asDouble()).isCloseTo(expected[1], within(1e-3));
        assertThat(aegis("ml", "online-endpoint", "invoke", "-n", endpoint, "--request-file", request.toString(),
                "--deployment", "blue").exit()).isZero();

        assertThat(aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--lines", "20").out())
                .contains("Deployment blue is ready");
        Run credentials = aegis("ml", "online-endpoint", "get-credentials", "-n", endpoint);
        assertThat(credentials.json().get("primaryKey").asString()).isNotBlank();
        assertThat(aegis("ml", "online-endpoint", "regenerate-keys", "-n", endpoint, "--key-type", "secondary").exit())
                .isZero();
        assertThat(aegis("ml", "online-endpoint", "get-credentials", "-n", endpoint).json().get("secondaryKey").asString())
                .isNotEqualTo(credentials.json().get("secondaryKey").asString());

        // The service's refusals come back as one line and exit code 1.
        Run refused = aegis("ml", "online-endpoint", "update", "-n", endpoint, "--traffic", "blue=100",
                "--mirror-traffic", "blue=10");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("(400)", "mirror target");
        assertThat(aegis("ml", "online-endpoint", "update", "-n", endpoint, "--set", "description=seed walk-through")
                .json().get("description").asString()).isEqualTo("seed walk-through");

        assertThat(aegis("ml", "online-deployment", "list", "-e", endpoint, "-o", "table").out())
                .contains("Name", "ProvisioningState", "blue", "Succeeded");
        String workspaceId = "/subscriptions/sub-cli/resourceGroups/rg-" + run + "/workspaces/ws";
        Eventually.until(java.time.Duration.ofSeconds(20),
                () -> aegis("monitor", "activity-log", "list", "--scope", workspaceId, "-o", "tsv").out(),
                log -> log.contains("onlineEndpoints/deployments/write") && log.contains("models/write"),
                "the walk-through in the activity log");

        assertThat(aegis("ml", "online-endpoint", "delete", "-n", endpoint, "--yes").exit()).isZero();
        Run gone = aegis("ml", "online-endpoint", "show", "-n", endpoint);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("(404)");
        // A user's consumer of the public topics: the deployment's saga, as events.
        // As the broker's read-only account, the one ./aegis gives the CLI.
        java.nio.file.Path readerPassword = Files.writeString(dir.resolve("events-reader-password"),
                stack.infrastructure().kafkaCredentials(io.aegisml.events.KafkaAccount.EVENTS_READER).password());
        Run tail = aegis("events", "tail", "--topic", "aegis.deployment.events", "--from-beginning", "--timeout", "5",
                "--bootstrap-servers", stack.infrastructure().kafkaBootstrapServers(),
                "--kafka-username", "events-reader", "--kafka-password-file", readerPassword.toString());
        assertThat(tail.exit()).as(tail.err()).isZero();
        assertThat(tail.out()).contains("\"eventType\":\"OnlineDeploymentSucceeded\"", endpoint);
        assertThat(aegis("logout").exit()).isZero();
        assertThat(aegis("ml", "online-endpoint", "list").exit()).isEqualTo(3);
    }

    /**
     * The tenant-isolation attacks, through the CLI as a tenant would type them: a service principal that is
     * Owner of its own subscription only (and one that is its Reader). Each comes back refused, as one line
     * and exit code 1, and the refusal names nothing of the other tenant.
     */
    @Test
    void aTenantsAttacksThroughTheCliAreRefused(AegisStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String subA = "/subscriptions/cli-a-" + run;
        String subB = "/subscriptions/cli-b-" + run;
        System.setProperty("aegis.config.dir", dir.resolve("operator-" + run).toString());
        assertThat(aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(), "--url", stack.edgeUrl(),
                "--issuer", stack.infrastructure().tokenIssuer()).exit()).isZero();
        Run owner = aegis("ad", "sp", "create-for-rbac", "--name", "cli-owner-a-" + run, "--role", "Owner", "--scopes", subA);
        Run reader = aegis("ad", "sp", "create-for-rbac", "--name", "cli-reader-a-" + run, "--role", "Reader", "--scopes", subA);
        assertThat(owner.exit()).as(owner.err()).isZero();
        assertThat(reader.exit()).as(reader.err()).isZero();
        assertThat(aegis("ml", "workspace", "create", "--subscription", "cli-b-" + run, "-g", "rg", "-n", "ws").exit()).isZero();

        signIn(stack, owner, "attacker-" + run);
        assertThat(aegis("configure", "--defaults", "subscription=cli-a-" + run, "group=rg", "workspace=ws").exit()).isZero();
        Eventually.until(java.time.Duration.ofSeconds(20), () -> aegis("ml", "workspace", "create", "-n", "ws").exit(),
                exit -> exit == 0, "the new Owner's role to be enforced");
        // A model that points at a file of the host, relative and absolute.
        for (String location : java.util.List.of("../../.data/secrets/admin-password", "/etc/passwd")) {
            Path hostile = Files.write(dir.resolve("hostile-" + run + ".onnx"), TestModels.readingExternalFile(location, 4));
            Run refused = aegis("ml", "model", "create", "--name", "stolen", "--version", "1", "--path", hostile.toString());
            assertThat(refused.exit()).as(location).isEqualTo(1);
            assertThat(refused.err()).contains("(400)", "external data");
        }
        // Owner of B's subscription, by its own hand: refused, naming only what A asked for.
        Run grab = aegis("role", "assignment", "create", "--assignee", owner.json().get("principalId").asString(),
                "--role", "Owner", "--scope", subB);
        assertThat(grab.exit()).isEqualTo(1);
        assertThat(grab.err()).contains("(403)");
        // A custom role assignable in B's subscription.
        Path role = Files.writeString(dir.resolve("role-" + run + ".json"), """
                {"roleName": "everything-%s", "actions": ["*"], "assignableScopes": ["%s", "%s"]}""".formatted(run, subA, subB));
        Run defined = aegis("role", "definition", "create", "--role-definition", role.toString());
        assertThat(defined.exit()).isEqualTo(1);
        assertThat(defined.err()).contains("(403)");
        // B's workspace, read or deleted: as if it did not exist or refused, never its content.
        Run peek = aegis("ml", "workspace", "show", "--subscription", "cli-b-" + run, "-g", "rg", "-n", "ws");
        assertThat(peek.exit()).isEqualTo(1);
        assertThat(peek.out()).isEmpty();
        assertThat(aegis("ml", "workspace", "delete", "--subscription", "cli-b-" + run, "-g", "rg", "-n", "ws")
                .exit()).isEqualTo(1);

        // A's Reader reads, and writes nothing.
        signIn(stack, reader, "reader-" + run);
        assertThat(aegis("configure", "--defaults", "subscription=cli-a-" + run, "group=rg", "workspace=ws").exit()).isZero();
        Eventually.until(java.time.Duration.ofSeconds(20), () -> aegis("ml", "workspace", "show", "-n", "ws").exit(),
                exit -> exit == 0, "the Reader's role to be enforced");
        Run write = aegis("ml", "workspace", "create", "-n", "ws2");
        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).contains("(403)");
    }

    /**
     * {@code login --service-principal --tenant <GUID>} as az does it (tokens from the authority's v2 endpoint); an
     * unknown tenant refused with AAD's words; and a later login without {@code --tenant} does not reuse the saved
     * one (it did: every login after one to another stack's tenant failed with AADSTS90002).
     */
    @Test
    void aLoginWithTheTenantIdAndOneWithoutIt(AegisStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        System.setProperty("aegis.config.dir", dir.resolve("tenant-" + run).toString());
        assertThat(aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(), "--url", stack.edgeUrl(),
                "--issuer", stack.infrastructure().tokenIssuer()).exit()).isZero();
        Run principal = aegis("ad", "sp", "create-for-rbac", "--name", "cli-tenant-" + run, "--role", "Owner",
                "--scopes", "/subscriptions/cli-tenant-" + run);
        assertThat(principal.exit()).as(principal.err()).isZero();
        String tenant = principal.json().get("tenant").asString();
        assertThat(tenant).isEqualTo(stack.tenantId());
        String clientId = principal.json().get("appId").asString();
        String secret = principal.json().get("password").asString();

        Run login = aegis("login", "--service-principal", "-u", clientId, "-p", secret, "--tenant", tenant);
        assertThat(login.exit()).as(login.err()).isZero();
        Eventually.until(java.time.Duration.ofSeconds(20), () -> aegis("ml", "workspace", "create", "--subscription",
                "cli-tenant-" + run, "-g", "rg", "-n", "ws").exit(), exit -> exit == 0, "the new Owner's role to be enforced");
        // Another stack's tenant (or a typo): refused in AAD's words.
        Run unknown = aegis("login", "--service-principal", "-u", clientId, "-p", secret, "--tenant",
                UUID.randomUUID().toString());
        assertThat(unknown.exit()).isEqualTo(io.aegisml.cli.api.CliError.NOT_LOGGED_IN);
        assertThat(unknown.err()).contains("AADSTS90002");

        Run again = aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(aegis("ml", "workspace", "show", "--subscription", "cli-tenant-" + run, "-g", "rg", "-n", "ws")
                .exit()).isZero();
    }

    private void signIn(AegisStack stack, Run principal, String home) {
        System.setProperty("aegis.config.dir", dir.resolve(home).toString());
        Run login = aegis("login", "--service-principal", "-u", principal.json().get("clientId").asString(),
                "-p", principal.json().get("clientSecret").asString(), "--url", stack.edgeUrl(),
                "--issuer", stack.infrastructure().tokenIssuer());
        assertThat(login.exit()).as(login.err()).isZero();
    }
}
