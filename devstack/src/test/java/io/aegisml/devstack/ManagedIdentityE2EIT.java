package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.events.Topic;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.ServiceClients;
import io.aegisml.infrastructure.process.Secrets;
import io.aegisml.testmodels.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Seed 000: deployments read a file from storage with a managed identity, no key in their code or
 * configuration. The two example scripts run through the CLI as a user runs them; then the isolation
 * properties are checked one by one through the API: another endpoint's deployment cannot read the
 * container, a SAS opens one container and only for reading, an expired SAS is refused, the MSI
 * endpoint wants its secret, and no key or secret leaks.
 */
@ExtendWith(StackExtension.class)
class ManagedIdentityE2EIT {

    private static final Path REPO = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> YAML = Map.of("Content-Type", "application/yaml");
    private static final Map<String, String> BYTES = Map.of("Content-Type", "application/octet-stream");
    private static final String BLOB_READ = "Aegis.Storage/storageAccounts/containers/blobs/read";

    @TempDir
    Path home;

    @AfterEach
    void forgetTheLogin() {
        System.clearProperty("aegis.config.dir");
    }

    record ScriptRun(int exit, String output) {
        String value(String name) {
            Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(output);
            assertThat(m.find()).as(name + " in the output:\n" + output).isTrue();
            return m.group(1).strip();
        }
    }

    /** What the example scripts put in hello.txt (examples/managed-identities/common.sh). */
    static final String HELLO = "Hello from Aegis ML: this file was read with a managed identity, no key in sight.\n";

    static String sha256(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSystemAssignedWalkThroughRunsAndItsIdentityGoesWithTheEndpoint(AegisStack stack) throws Exception {
        String run = loginWithDefaults(stack);
        ScriptRun script = example(stack, "deploy-with-system-assigned-identity.sh", run);
        assertThat(script.exit()).as(script.output()).isZero();
        // The log says what was read (size and hash), never the data itself: a Reader may read the log.
        assertThat(script.output()).contains("(" + HELLO.length() + " bytes, SHA-256 " + sha256(HELLO) + ")",
                "Deployment blue is ready", "385.5", "220.5").doesNotContain("no key in sight");
        assertNoSecretIn(stack, script.output());

        // The endpoint was deleted: its identity is gone, and so are its role assignments.
        Api api = new Api(stack.edgeUrl());
        String owner = new Tokens(stack).admin();
        String workspace = "/subscriptions/sub-mi/resourceGroups/rg-" + run + "/workspaces/ws";
        String identity = script.value("SYSTEM_IDENTITY");
        assertThat(api.get("/api" + workspace + "/onlineEndpoints/sai-" + run
                + "/providers/Aegis.ManagedIdentity/identities/default", owner).status()).isEqualTo(404);
        String workspaceStorage = api.get("/api" + workspace, owner).json().get("storageAccount").asString();
        for (String scope : List.of(script.value("STORAGE_ID"), workspaceStorage)) {
            Eventually.until(Duration.ofSeconds(10), () -> checkAccess(api, owner, identity, scope),
                    allowed -> !allowed, "no read access left for the deleted endpoint's identity on " + scope);
        }
    }

    @Test
    void theUserAssignedWalkThroughFailsWithoutTheRoleThenSucceedsAndTheIdentityOutlivesTheEndpoint(AegisStack stack)
            throws Exception {
        String run = loginWithDefaults(stack);
        ScriptRun script = example(stack, "deploy-with-user-assigned-identity.sh", run);
        assertThat(script.exit()).as(script.output()).isZero();
        String identityId = "/subscriptions/sub-mi/resourceGroups/rg-" + run + "/userAssignedIdentities/oep-uai-" + run;
        // Without a role: which identity lacked which action on which scope.
        assertThat(script.output()).contains("Deployment 'blue' failed", "The managed identity " + identityId,
                BLOB_READ, "/storageAccounts/oepstorage" + run + "/containers/hellocontainer");
        // With it, after the update: the file's content, then the scores.
        assertThat(script.output()).contains("SHA-256 " + sha256(HELLO), "385.5", "220.5").doesNotContain("no key in sight");
        assertThat(script.value("UAI_AFTER_ENDPOINT_DELETION")).isEqualTo(identityId);
        assertNoSecretIn(stack, script.output());
    }

    @Test
    void aSasOpensOneContainerForReadingUntilItExpiresAndOnlyForAnIdentityWithTheRole(AegisStack stack) throws Exception {
        Api api = new Api(stack.edgeUrl());
        String owner = new Tokens(stack).admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String group = "/subscriptions/sub-mi/resourceGroups/rg-" + run;
        String workspace = group + "/workspaces/ws";
        assertThat(api.send("PUT", "/api" + workspace, owner, "{}", Map.of()).status()).isEqualTo(201);
        String account = group + "/storageAccounts/iso" + run.replace("-", "");
        assertThat(api.send("PUT", "/api" + account, owner, "{}", Map.of()).status()).isEqualTo(201);
        for (String container : List.of("granted", "other")) {
            assertThat(api.send("PUT", "/api" + account + "/containers/" + container, owner, null, Map.of()).status())
                    .isEqualTo(201);
            assertThat(api.sendBytes("PUT", "/api" + account + "/containers/" + container + "/blobs/data.json", owner,
                    ("{\"container\": \"" + container + "\"}").getBytes(StandardCharsets.UTF_8), BYTES).status())
                    .isEqualTo(201);
        }
        // Bad names, unknown containers, blobs that are not there: clear 4xx.
        assertThat(api.send("PUT", "/api" + group + "/storageAccounts/Not_Valid", owner, "{}", Map.of()).status())
                .isEqualTo(400);
        assertThat(api.send("PUT", "/api/subscriptions/sub-mi/resourceGroups/other-" + run + "/storageAccounts/iso"
                + run.replace("-", ""), owner, "{}", Map.of()).status()).isEqualTo(409);
        assertThat(api.get("/api" + account + "/containers/missing/blobs", owner).status()).isEqualTo(404);
        assertThat(api.get("/api" + account + "/containers/granted/blobs/nothing.txt", owner).status()).isEqualTo(404);
        assertThat(api.get("/api" + account + "/containers/granted/blobs/data.json", owner).body())
                .isEqualTo("{\"container\": \"granted\"}");

        // Two endpoints with system-assigned identities; only the first may read container "granted".
        assertThat(registerModel(api, owner, workspace).status()).isEqualTo(201);
        String readerEndpoint = "ra-" + run;
        String strangerEndpoint = "rb-" + run;
        for (String endpoint : List.of(readerEndpoint, strangerEndpoint)) {
            assertThat(api.sendBytes("PUT", "/api" + workspace + "/onlineEndpoints/" + endpoint, owner,
                    ("name: " + endpoint + "\nauth_mode: key\n").getBytes(StandardCharsets.UTF_8), YAML).status())
                    .isEqualTo(201);
        }
        String reader = principalOf(api, owner, workspace, readerEndpoint);
        // A system-assigned identity cannot be changed once created (seed 000).
        Api.Response changed = api.sendBytes("PUT", "/api" + workspace + "/onlineEndpoints/" + readerEndpoint, owner,
                ("name: " + readerEndpoint + "\nauth_mode: key\nidentity:\n  type: none\n").getBytes(StandardCharsets.UTF_8),
                YAML);
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().get("error").get("message").asString()).contains("identity cannot be changed");
        assertThat(principalOf(api, owner, workspace, readerEndpoint)).isEqualTo(reader);
        String stranger = principalOf(api, owner, workspace, strangerEndpoint);
        assertThat(api.send("PUT", "/api" + account + "/containers/granted/providers/Aegis.Authorization/roleAssignments/"
                + UUID.randomUUID(), owner, "{\"roleDefinitionId\": \"Storage Blob Data Reader\", \"principalId\": \""
                + reader + "\", \"principalType\": \"ServicePrincipal\"}", Map.of()).status()).isEqualTo(201);

        // The stranger's deployment fails, and its log names the identity, the action and the scope.
        String strangerDeployment = deploymentReading(strangerEndpoint, account, "granted", "data.json");
        assertThat(api.sendBytes("PUT", "/api" + workspace + "/onlineEndpoints/" + strangerEndpoint + "/deployments/blue",
                owner, strangerDeployment.getBytes(StandardCharsets.UTF_8), YAML).status()).isEqualTo(201);
        JsonNode failed = awaitProvisioned(api, owner, workspace, strangerEndpoint);
        assertThat(failed.get("provisioning_state").asString()).isEqualTo("Failed");
        String strangerLog = api.get("/api" + workspace + "/onlineEndpoints/" + strangerEndpoint
                + "/deployments/blue/logs?tail=5", owner).body();
        assertThat(strangerLog).contains(stranger, BLOB_READ, account + "/containers/granted");
        // The reader's deployment reads the file.
        assertThat(api.sendBytes("PUT", "/api" + workspace + "/onlineEndpoints/" + readerEndpoint + "/deployments/blue",
                owner, deploymentReading(readerEndpoint, account, "granted", "data.json").getBytes(StandardCharsets.UTF_8),
                YAML).status()).isEqualTo(201);
        assertThat(awaitProvisioned(api, owner, workspace, readerEndpoint).get("provisioning_state").asString())
                .isEqualTo("Succeeded");
        String readerLog = api.get("/api" + workspace + "/onlineEndpoints/" + readerEndpoint + "/deployments/blue/logs?tail=5",
                owner).body();
        assertThat(readerLog).contains("SHA-256 " + sha256("{\"container\": \"granted\"}")).doesNotContain("container\\\"");

        // The runtime's side, as scoring-service does it: a token for the reader's identity, then SASes.
        Api identityService = new Api(stack.serviceUrl(Service.IDENTITY));
        String runtime = AegisRealm.clientCredentialsToken(stack.infrastructure().keycloakUrl(),
                ServiceClients.SCORING_SERVICE, new Secrets(stack.config().dataDir())
                        .get("scoring-service-keycloak-secret", null).value());
        String readerToken = managedIdentityToken(identityService, runtime, workspace + "/onlineEndpoints/" + readerEndpoint);
        Api.Response sasResponse = sas(identityService, readerToken, account, "granted", null);
        assertThat(sasResponse.status()).as(sasResponse.body()).isEqualTo(200);
        JsonNode sas = sasResponse.json();
        String granted = sas.get("containerUrl").asString();
        String token = sas.get("sasToken").asString();
        Api blobs = new Api("");
        assertThat(blobs.send("GET", granted + "/data.json?" + token, null, null, Map.of()).body())
                .isEqualTo("{\"container\": \"granted\"}");
        // Read-only: no writing, even in its own container.
        assertThat(blobs.sendBytes("PUT", granted + "/new.txt?" + token, null, "x".getBytes(StandardCharsets.UTF_8),
                Map.of("x-ms-blob-type", "BlockBlob")).status()).isEqualTo(403);
        // One container: the same SAS on the other container's blob container is refused.
        String otherContainerUrl = granted.substring(0, granted.lastIndexOf('/') + 1) + otherBlobContainer(account);
        assertThat(blobs.send("GET", otherContainerUrl + "/data.json?" + token, null, null, Map.of()).status())
                .isEqualTo(403);
        // No SAS for a container the identity has no role on.
        Api.Response refused = sas(identityService, readerToken, account, "other", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").get("message").asString()).contains(BLOB_READ, account + "/containers/other");
        // An expired SAS is refused.
        JsonNode shortLived = sas(identityService, readerToken, account, "granted", 1).json();
        Thread.sleep(2500);
        assertThat(blobs.send("GET", shortLived.get("containerUrl").asString() + "/data.json?"
                + shortLived.get("sasToken").asString(), null, null, Map.of()).status()).isEqualTo(403);

        // A system-assigned identity reads its workspace's default storage from the start, with no grant.
        String workspaceStorage = api.get("/api" + workspace, owner).json().get("storageAccount").asString();
        assertThat(api.send("PUT", "/api" + workspaceStorage + "/containers/data", owner, null, Map.of()).status())
                .isEqualTo(201);
        String defaultAccountName = workspaceStorage.substring(workspaceStorage.lastIndexOf('/') + 1);
        assertThat(sas(identityService, managedIdentityToken(identityService, runtime, workspace + "/onlineEndpoints/"
                + strangerEndpoint), defaultAccountName, "data", null).status()).isEqualTo(200);

        // Who may ask: only the runtime gets identity tokens, only identity tokens get SASes.
        assertThat(identityService.send("POST", "/internal/managedIdentities/token", owner,
                "{\"endpoint\": \"" + workspace + "/onlineEndpoints/" + readerEndpoint
                        + "\", \"resource\": \"https://storage.azure.com/\"}", Map.of()).status()).isEqualTo(403);
        assertThat(sasWith(identityService, owner, account, "granted").status()).isEqualTo(401);
        assertThat(sasWith(identityService, null, account, "granted").status()).isEqualTo(401);
        assertThat(sasWith(identityService, Tokens.tampered(readerToken), account, "granted").status()).isEqualTo(401);
        // Malformed requests: 400 with a JSON error, never a 500.
        for (Api.Response bad : List.of(
                identityService.send("POST", "/internal/storage/sas", readerToken, "{not json", Map.of()),
                identityService.send("POST", "/internal/storage/sas", readerToken, "{\"account\": \"x\"}", Map.of()),
                identityService.send("POST", "/internal/storage/sas", readerToken,
                        "{\"account\": \"Bad Name\", \"container\": \"granted\"}", Map.of()),
                identityService.send("POST", "/internal/managedIdentities/token", runtime, "{not json", Map.of()),
                identityService.send("POST", "/internal/managedIdentities/token", runtime, "{\"endpoint\": \"" + workspace
                        + "/onlineEndpoints/" + readerEndpoint + "\", \"resource\": \"https://vault.azure.net\"}", Map.of()))) {
            assertThat(bad.status()).as(bad.body()).isEqualTo(400);
            assertThat(bad.json().get("error").get("message").asString()).isNotBlank();
        }
        // Whether a container exists is told only to those who may read it.
        assertThat(sas(identityService, readerToken, account, "missing", null).status()).isEqualTo(403);
        assertThat(sas(identityService, readerToken, "nosuchaccount" + run.replace("-", ""), "granted", null).status())
                .isEqualTo(404);
        // The edge does not route the internal paths.
        assertThat(api.send("POST", "/internal/storage/sas", readerToken, "{}", Map.of()).status()).isEqualTo(404);

        // The MSI endpoint wants the deployment's secret, in App Service's header of either version (secret for
        // 2017-09-01, X-IDENTITY-HEADER for 2019-08-01); Metadata alone opens nothing.
        Api scoring = new Api(stack.serviceUrl(Service.SCORING));
        String msi = "/msi/token?resource=https://storage.azure.com/";
        assertThat(scoring.send("GET", msi, null, null, Map.of("Metadata", "true")).status()).isEqualTo(400);
        assertThat(scoring.send("GET", msi + "&api-version=2018-02-01", null, null, Map.of("secret", "guess")).status())
                .isEqualTo(400);
        // An identity named another way than by client id is refused, never answered with the default identity.
        for (String selector : List.of("principal_id", "object_id", "mi_res_id", "msi_res_id")) {
            assertThat(scoring.send("GET", msi + "&" + selector + "=x", null, null, Map.of("secret", "guess")).status())
                    .as(selector).isEqualTo(400);
        }
        for (String header : List.of("secret", "X-IDENTITY-HEADER")) {
            Api.Response wrongSecret = scoring.send("GET", msi, null, null, Map.of(header, "guess"));
            assertThat(wrongSecret.status()).as(header).isEqualTo(401);
            assertThat(wrongSecret.json().get("error").get("code").asString()).isNotBlank();
        }

        // The storage events, as published, against their schemas: never a key or a SAS in them.
        List<ConsumerRecord<String, String>> grants = EventContractE2EIT.readUntil(stack,
                Topic.IDENTITY_EVENTS, account + "/containers/granted", 3);
        assertThat(grants).extracting(r -> EventContractE2EIT.header(r, "eventType"))
                .contains("StorageContainerCreated", "StorageAccessGranted");
        grants.forEach(record -> EventContractE2EIT.assertValid(stack, "identity/", record));
        EventContractE2EIT.readUntil(stack, Topic.IDENTITY_EVENTS, account, 1)
                .forEach(record -> EventContractE2EIT.assertValid(stack, "identity/", record));

        // Nothing secret in logs or Kafka: the blob account key, the runtime's client secret, SAS signatures.
        List<String> secrets = new ArrayList<>(List.of(accountKey(stack), signatureOf(token),
                signatureOf(shortLived.get("sasToken").asString()), new Secrets(stack.config().dataDir())
                        .get("scoring-service-keycloak-secret", null).value()));
        assertThat(SecretScan.logsContaining(stack, secrets)).isEmpty();
        assertThat(SecretScan.kafkaRecordsContaining(stack, secrets)).isEmpty();
        assertThat(SecretScan.databaseRowsContaining(stack, secrets)).isEmpty();
    }
    /**
     * Seed 000 as Azure's own script runs it, in az's exact forms with the command named aegis (issue 14), and the
     * user's own score_managedidentity.py (issue 13): it asks MSI_ENDPOINT for a storage token, GETs the blob with
     * it and loads a scikit-learn model. Then the role is taken away as az does it (role assignment delete
     * --assignee --role --scope), and the updated deployment fails: init() got 403, and its log says so.
     */
    @Test
    void azuresSystemAssignedWalkThroughRunsWithOnlyTheCommandNameChanged(AegisStack stack) throws Exception {
        loginWithDefaults(stack);
        makeTheScikitLearnModel();
        assertThat(CliE2EIT.aegis("ml", "workspace", "create").exit()).isZero(); // Azure's scripts start from one
        ScriptRun script = azureForm(stack, "deploy-with-system-assigned-identity.sh", Map.of("KEEP", "1"));
        assertThat(script.exit()).as(script.output()).isZero();
        String storageId = script.value("STORAGE_ID");
        String account = storageId.substring(storageId.lastIndexOf('/') + 1);
        // az config get's JMESPath filter and the workspace's location, as Azure's script reads them.
        assertThat(script.output()).contains("WORKSPACE=ws LOCATION=local ENDPOINT_NAME=endpt-moe-");
        assertThat(script.output()).contains("Endpoint created successfully", "Deployment completed successfully",
                "(system-assigned identity)", "Read " + account + "/hellocontainer/hello.txt: " + HELLO.strip(),
                "Init complete", "41.5", "24.99");
        assertNoSecretIn(stack, script.output());

        String endpoint = endpointOf(script);
        CliE2EIT.Run removed = CliE2EIT.aegis("role", "assignment", "delete", "--assignee", script.value("SYSTEM_IDENTITY"),
                "--role", "Storage Blob Data Reader", "--scope", storageId);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(CliE2EIT.aegis("role", "assignment", "list", "--assignee", script.value("SYSTEM_IDENTITY"), "--scope",
                storageId, "--query", "length(@)", "-o", "tsv").out().strip()).isEqualTo("0");
        Api api = new Api(stack.edgeUrl());
        Eventually.until(Duration.ofSeconds(10), () -> checkAccess(api, new Tokens(stack).admin(),
                script.value("SYSTEM_IDENTITY"), storageId), allowed -> !allowed, "the role's removal to be enforced");
        CliE2EIT.Run again = CliE2EIT.aegis("ml", "online-deployment", "update", "--endpoint-name", endpoint, "--name",
                "blue", "--file", REPO.resolve("examples/scoring-scripts/managed-identity/2-sai-deployment.yml").toString(),
                "--set", "environment_variables.STORAGE_ACCOUNT_NAME=" + account,
                "environment_variables.STORAGE_CONTAINER_NAME=hellocontainer", "environment_variables.FILE_NAME=hello.txt",
                "environment_variables.ATTEMPT=2"); // a changed deployment: provisioned again, init() runs again
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("Deployment 'blue' failed");
        assertThat(CliE2EIT.aegis("ml", "online-deployment", "get-logs", "--endpoint-name", endpoint, "--name", "blue",
                "--lines", "60").out()).contains("403 Client Error", "init() of score_managedidentity.py failed");
        assertThat(CliE2EIT.aegis("ml", "online-endpoint", "delete", "--name", endpoint, "--yes").exit()).isZero();
        assertThat(CliE2EIT.aegis("storage", "account", "delete", "--name", account, "--yes").exit()).isZero();
    }

    /** The user-assigned walk-through: the role granted by the identity's client id, as Azure's script grants it. */
    @Test
    void azuresUserAssignedWalkThroughGrantsByClientIdAndRuns(AegisStack stack) throws Exception {
        loginWithDefaults(stack);
        makeTheScikitLearnModel();
        assertThat(CliE2EIT.aegis("ml", "workspace", "create").exit()).isZero(); // Azure's scripts start from one
        ScriptRun script = azureForm(stack, "deploy-with-user-assigned-identity.sh", Map.of());
        assertThat(script.exit()).as(script.output()).isZero();
        String storageId = script.value("STORAGE_ID");
        assertThat(script.output()).contains("Endpoint created successfully", "Deployment completed successfully",
                "(user-assigned identity)", "Read " + storageId.substring(
                        storageId.lastIndexOf('/') + 1) + "/hellocontainer/hello.txt: " + HELLO.strip(),
                "Init complete", "41.5", "24.99");
        // The assignment names the identity's principal (resolved from its client id), typed ServicePrincipal.
        assertThat(script.output()).contains("\"principalType\" : \"ServicePrincipal\"");
        assertNoSecretIn(stack, script.output());
    }

    private static String endpointOf(ScriptRun script) {
        Matcher m = Pattern.compile("ENDPOINT_NAME=(\\S+)").matcher(script.output());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void makeTheScikitLearnModel() throws Exception {
        Path examples = REPO.resolve("examples/scoring-scripts");
        Process made = new ProcessBuilder("/usr/bin/python3", examples.resolve("make_model.py").toString(),
                examples.resolve("model").toString()).redirectErrorStream(true).start();
        String printed = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(made.waitFor()).as(printed).isZero();
    }

    /**
     * One of examples/scoring-scripts/managed-identity's scripts, as Azure's are run: bash, from the repository's
     * root, 'aegis' on the PATH (a two-line wrapper of ./aegis standing for an installed command).
     */
    private ScriptRun azureForm(AegisStack stack, String script, Map<String, String> extra) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path wrapper = bin.resolve("aegis");
        Files.writeString(wrapper, "#!/usr/bin/env bash\nexec " + REPO.resolve("aegis") + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder("bash", REPO.resolve("examples/scoring-scripts/managed-identity/"
                + script).toString()).directory(REPO.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("AEGIS_CONFIG_DIR", home.toString());
        env.put("AEGIS_SKIP_BUILD", "1");
        env.put("AEGIS_CA_BUNDLE", stack.tls().caCertificate().toString());
        env.putAll(extra);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        return new ScriptRun(process.exitValue(), output);
    }

    /** What the CLI printed: no account key, no runtime secret, no SAS (a SAS carries a signature, sig=). */
    private static void assertNoSecretIn(AegisStack stack, String output) {
        assertThat(output).doesNotContain(accountKey(stack), new Secrets(stack.config().dataDir())
                .get("scoring-service-keycloak-secret", null).value(), "sig=", "MSI_SECRET=");
    }

    private String loginWithDefaults(AegisStack stack) {
        System.setProperty("aegis.config.dir", home.toString());
        String run = String.valueOf(10000 + new java.util.Random().nextInt(89999));
        CliE2EIT.Run login = CliE2EIT.aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(),
                "--url", stack.edgeUrl(), "--issuer", stack.infrastructure().tokenIssuer());
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(CliE2EIT.aegis("configure", "--defaults", "subscription=sub-mi", "group=rg-" + run, "workspace=ws")
                .exit()).isZero();
        return run;
    }

    /** The example script, as a user runs it: bash, the repository's ./aegis, the login made above. */
    private ScriptRun example(AegisStack stack, String script, String run) throws IOException, InterruptedException {
        return example(stack, "managed-identities", script, run);
    }

    private ScriptRun example(AegisStack stack, String folder, String script, String run)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", REPO.resolve("examples/" + folder + "/" + script).toString())
                .directory(REPO.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AEGIS_CONFIG_DIR", home.toString());
        env.put("AEGIS_SKIP_BUILD", "1"); // the jars of this very build
        env.put("SUFFIX", run);
        env.put("AEGIS_CA_BUNDLE", stack.tls().caCertificate().toString()); // ./aegis would name .data's CA
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        return new ScriptRun(process.exitValue(), output);
    }

    private static boolean checkAccess(Api api, String owner, String principal, String scope) {
        return api.send("POST", "/api/checkAccess", owner, "{\"principal\": \"" + principal + "\", \"action\": \""
                + BLOB_READ + "\", \"scope\": \"" + scope + "\"}", Map.of()).json().get("allowed").asBoolean();
    }

    private static Api.Response registerModel(Api api, String owner, String workspace) {
        return api.sendBytes("PUT", "/api" + workspace + "/models/linreg/versions/1", owner, TestModels.linearRegression(),
                BYTES);
    }

    private static String principalOf(Api api, String owner, String workspace, String endpoint) {
        return Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + workspace + "/onlineEndpoints/" + endpoint
                        + "/providers/Aegis.ManagedIdentity/identities/default", owner), r -> r.status() == 200,
                "the system-assigned identity of " + endpoint).json().get("principalId").asString();
    }

    private static String deploymentReading(String endpoint, String account, String container, String file) {
        return """
                name: blue
                endpoint_name: %s
                model: azureml:linreg:1
                environment_variables:
                  STORAGE_ACCOUNT_NAME: %s
                  STORAGE_CONTAINER_NAME: %s
                  FILE_NAME: %s
                """.formatted(endpoint, account.substring(account.lastIndexOf('/') + 1), container, file);
    }

    private static JsonNode awaitProvisioned(Api api, String owner, String workspace, String endpoint) {
        return Eventually.until(Duration.ofSeconds(90), () -> api.get("/api" + workspace + "/onlineEndpoints/" + endpoint
                        + "/deployments/blue", owner).json(),
                d -> !d.path("provisioning_state").asString("").matches("Creating|Updating"), "deployment provisioned");
    }

    private static String managedIdentityToken(Api identityService, String runtime, String endpointId) {
        Api.Response response = identityService.send("POST", "/internal/managedIdentities/token", runtime,
                "{\"endpoint\": \"" + endpointId + "\", \"resource\": \"https://storage.azure.com/\"}", Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("access_token").asString();
    }

    private static Api.Response sas(Api identityService, String token, String account, String container,
                                    Integer seconds) {
        String name = account.substring(account.lastIndexOf('/') + 1);
        return identityService.send("POST", "/internal/storage/sas", token, "{\"account\": \"" + name
                + "\", \"container\": \"" + container + "\"" + (seconds == null ? "" : ", \"expiresInSeconds\": "
                + seconds) + "}", Map.of());
    }

    private static Api.Response sasWith(Api identityService, String token, String account, String container) {
        return sas(identityService, token, account, container, null);
    }

    /** The blob container behind Aegis container "other" (its name is not secret, only unguessable in practice). */
    private static String otherBlobContainer(String account) {
        String id = (account + "/containers/other").toLowerCase();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "aegis-" + java.util.HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String accountKey(AegisStack stack) {
        Matcher key = Pattern.compile("AccountKey=([^;]+)").matcher(stack.infrastructure().blobConnectionString());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private static String signatureOf(String sasToken) {
        Matcher sig = Pattern.compile("(?:^|&)sig=([^&]+)").matcher(sasToken);
        assertThat(sig.find()).as(sasToken).isTrue();
        return java.net.URLDecoder.decode(sig.group(1), StandardCharsets.UTF_8);
    }
}
