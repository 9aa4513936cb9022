package io.aegisml.devstack;

import static io.aegisml.devstack.CliE2EIT.aegis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.aegisml.devstack.CliE2EIT.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Azure's own client libraries, unmodified from their registries (Maven Central, Debian, npm), get
 * tokens from Aegis ML's Azure AD-compatible authority with only the authority changed, call the Aegis
 * API with them, and give their own authentication error for a wrong secret. The scripts are ours
 * (src/test/resources/azure-clients), calling the same client functions as seed 002's snippets. adal,
 * msal and msal-node each need the one setting any private authority needs with them (skip Microsoft's
 * instance discovery); azure-identity for Java needs none. And azure-identity for Python gets a managed
 * identity's token inside a deployment's score.py.
 */
@ExtendWith(StackExtension.class)
class AzureClientsE2EIT {

    private static final Path REPO = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
    private static final Path CLIENTS = REPO.resolve("devstack/src/test/resources/azure-clients");
    private static final Path SCRIPTS = REPO.resolve("devstack/src/test/resources/scoring-scripts");
    private static final String WRONG_SECRET = "not-the-secret-" + UUID.randomUUID();

    private static String clientId;
    private static String secret;
    private static String tenant;
    private static String apiUrl;
    private static String user;
    private static final String USER_PASSWORD = "pw-" + UUID.randomUUID();

    @TempDir
    Path dir;

    /** A service principal that may read one workspace, as create-for-rbac makes it; the workspace's API URL. */
    @BeforeAll
    static void aServicePrincipal(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        String owner = new Tokens(stack).admin();
        String ws = "/subscriptions/sub-azure/resourceGroups/rg-" + UUID.randomUUID().toString().substring(0, 6)
                + "/workspaces/ws";
        assertThat(api.put("/api" + ws, owner, "{}").status()).isEqualTo(201);
        Api.Response created = api.send("POST", "/api/servicePrincipals", owner,
                "{\"displayName\":\"azure-clients\",\"role\":\"Reader\",\"scopes\":[\"" + ws + "\"]}", Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        clientId = created.json().get("appId").asString();
        secret = created.json().get("password").asString();
        tenant = created.json().get("tenant").asString();
        assertThat(tenant).isEqualTo(stack.tenantId());
        apiUrl = stack.edgeUrl() + "/api" + ws;
        String token = io.aegisml.infrastructure.keycloak.AegisRealm.clientCredentialsToken(
                stack.infrastructure().keycloakUrl(), clientId, secret);
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + ws, token).status(), s -> s == 200,
                "the service principal's Reader role to be enforced");
        // A user who may read the workspace too, for the user flows.
        Tokens tokens = new Tokens(stack);
        user = "azure-user-" + UUID.randomUUID().toString().substring(0, 6);
        String userId = tokens.createUser(user, USER_PASSWORD);
        assertThat(api.put("/api" + ws + "/providers/Aegis.Authorization/roleAssignments/" + UUID.randomUUID(), owner,
                "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + userId + "\"}").status()).isEqualTo(201);
        String userToken = tokens.user(user, USER_PASSWORD);
        Eventually.until(Duration.ofSeconds(15), () -> api.get("/api" + ws, userToken).status(), s -> s == 200,
                "the user's Reader role to be enforced");
    }

    @AfterEach
    void forgetTheLogin() {
        System.clearProperty("aegis.config.dir");
    }

    @Test
    void javaAzureIdentityClientSecretCredentialWithTheAuthorityHostSet(AegisStack stack) {
        TokenRequestContext management = new TokenRequestContext().addScopes("https://management.azure.com/.default");
        ClientSecretCredential credential = new ClientSecretCredentialBuilder().authorityHost(stack.edgeUrl())
                .tenantId(tenant).clientId(clientId).clientSecret(secret).build();
        AccessToken token = credential.getTokenSync(management);
        assertThat(token.getExpiresAt()).isAfter(java.time.OffsetDateTime.now().plusMinutes(50));
        assertThat(new Api(stack.edgeUrl()).get(apiUrl.substring(stack.edgeUrl().length()), token.getToken()).status())
                .isEqualTo(200);

        ClientSecretCredential wrong = new ClientSecretCredentialBuilder().authorityHost(stack.edgeUrl())
                .tenantId(tenant).clientId(clientId).clientSecret(WRONG_SECRET).build();
        assertThatThrownBy(() -> wrong.getTokenSync(management)).hasMessageContaining("AADSTS7000215")
                .hasMessageContaining("Invalid client secret");
        // A client id the directory does not know: Azure AD's own error for it.
        ClientSecretCredential unknown = new ClientSecretCredentialBuilder().authorityHost(stack.edgeUrl())
                .tenantId(tenant).clientId(UUID.randomUUID().toString()).clientSecret(secret).build();
        assertThatThrownBy(() -> unknown.getTokenSync(management)).hasMessageContaining("AADSTS700016");
    }

    @Test
    void pythonAdalAsSeed002Does(AegisStack stack) throws Exception {
        JsonNode ok = python(stack, "adal_client.py", secret);
        assertThat(ok.get("status").asInt()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(ok.get("expiresIn").asInt()).isGreaterThan(3000);
        assertThat(ok.get("resource").asString()).isEqualTo("https://management.azure.com/");

        JsonNode refused = python(stack, "adal_client.py", WRONG_SECRET);
        assertThat(refused.get("raised").asString()).as(refused.toString()).isEqualTo("AdalError");
        assertThat(refused.get("error").asString()).isEqualTo("invalid_client");
        assertThat(refused.get("error_description").asString()).startsWith("AADSTS7000215:");
    }

    /** A user, as adal signs one in with a password: the user realm first, then the v1 token endpoint. */
    @Test
    void pythonAdalUsernameAndPassword(AegisStack stack) throws Exception {
        JsonNode ok = python(stack, "adal_user.py", user, USER_PASSWORD);
        assertThat(ok.path("status").asInt(0)).as(ok.toString()).isEqualTo(200);
        assertThat(ok.get("refresh").asBoolean()).isTrue();
        JsonNode refused = python(stack, "adal_user.py", user, WRONG_SECRET);
        assertThat(refused.get("error").asString()).as(refused.toString()).isEqualTo("invalid_grant");
        assertThat(refused.get("error_description").asString()).startsWith("AADSTS50126:");
        // The device code flow's first step, as msal and adal ask it (the rest needs a person at a browser).
        Api.Response device = new Api(stack.edgeUrl()).send("POST", "/" + tenant + "/oauth2/v2.0/devicecode", null,
                "client_id=aegis-cli&scope=https://management.azure.com/.default", Map.of("Content-Type",
                        "application/x-www-form-urlencoded"));
        assertThat(device.status()).as(device.body()).isEqualTo(200);
        assertThat(device.json().get("message").asString()).contains(device.json().get("user_code").asString());
        assertThat(device.json().get("verification_uri").asString()).isNotBlank();
        // A confidential client's id cannot be used for a user's flow.
        Api.Response borrowed = new Api(stack.edgeUrl()).send("POST", "/" + tenant + "/oauth2/v2.0/token", null,
                "grant_type=password&client_id=" + clientId + "&username=admin&password=x&scope=openid",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(borrowed.json().get("error_codes").get(0).asInt()).as(borrowed.body()).isEqualTo(700016);
    }

    @Test
    void pythonMsalConfidentialClient(AegisStack stack) throws Exception {
        JsonNode ok = python(stack, "msal_client.py", secret);
        assertThat(ok.get("status").asInt()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.get("token_type").asString()).isEqualTo("Bearer");

        JsonNode refused = python(stack, "msal_client.py", WRONG_SECRET);
        assertThat(refused.get("error").asString()).as(refused.toString()).isEqualTo("invalid_client");
        assertThat(refused.get("error_codes").get(0).asInt()).isEqualTo(7000215);
    }

    @Test
    void nodeAdalAndMsalNode(AegisStack stack) throws Exception {
        Path modules = nodeClients();
        JsonNode adal = node(stack, modules, "adal_client.js", secret);
        assertThat(adal.path("status").asInt(0)).as(adal.toString()).isEqualTo(200);
        assertThat(adal.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(adal.get("resource").asString()).isEqualTo("https://management.azure.com/");
        JsonNode adalRefused = node(stack, modules, "adal_client.js", WRONG_SECRET);
        assertThat(adalRefused.get("message").asString()).as(adalRefused.toString()).contains("401", "AADSTS7000215");
        assertThat(adalRefused.get("error").asString()).isEqualTo("invalid_client");

        JsonNode msal = node(stack, modules, "msal_client.js", secret);
        assertThat(msal.path("status").asInt(0)).as(msal.toString()).isEqualTo(200);
        assertThat(msal.get("tokenType").asString()).isEqualTo("Bearer");
        JsonNode msalRefused = node(stack, modules, "msal_client.js", WRONG_SECRET);
        assertThat(msalRefused.get("name").asString()).as(msalRefused.toString()).isEqualTo("ServerError");
        assertThat(msalRefused.get("errorCode").asString()).isEqualTo("invalid_client");
        assertThat(msalRefused.get("message").asString()).contains("AADSTS7000215");
    }

    /** What the clients read besides the token endpoint: discovery, instance discovery, the cloud metadata. */
    @Test
    void theDiscoveryDocumentsAndTheCloudMetadata(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        JsonNode v2 = api.get("/" + tenant + "/v2.0/.well-known/openid-configuration", null).json();
        assertThat(v2.get("token_endpoint").asString()).isEqualTo(stack.edgeUrl() + "/" + tenant + "/oauth2/v2.0/token");
        assertThat(v2.get("issuer").asString()).startsWith(stack.edgeUrl() + "/" + tenant);
        assertThat(api.get("/" + tenant + "/discovery/v2.0/keys", null).json().get("keys")).isNotEmpty();
        assertThat(api.get("/no-such-tenant/v2.0/.well-known/openid-configuration", null).json().get("error_description")
                .asString()).startsWith("AADSTS90002:");
        Api.Response metadata = api.get("/metadata/endpoints?api-version=2019-05-01", null);
        assertThat(metadata.status()).isEqualTo(200);
        JsonNode cloud = metadata.json().get(0);
        assertThat(cloud.get("authentication").get("loginEndpoint").asString()).isEqualTo(stack.edgeUrl());
        assertThat(cloud.get("authentication").get("audiences").toString()).contains("https://management.azure.com/");
        assertThat(cloud.get("resourceManager").asString()).isEqualTo(stack.edgeUrl() + "/");
        // A storage token is a managed identity's: a service principal asking for one gets AADSTS500011.
        Api.Response storage = api.send("POST", "/" + tenant + "/oauth2/v2.0/token", null, "grant_type=client_credentials"
                + "&client_id=" + clientId + "&client_secret=" + secret + "&scope=https://storage.azure.com/.default",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(storage.status()).isEqualTo(400);
        assertThat(storage.json().get("error").asString()).isEqualTo("invalid_resource");
        // Deny by default: a platform service's own client (its real secret) gets no token here; a credential given
        // twice differently, in the URL, or in a Basic header that disagrees with the form is refused.
        String platformSecret = new io.aegisml.infrastructure.process.Secrets(stack.config().dataDir())
                .get("scoring-service-keycloak-secret", null).value();
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String tokenV2 = "/" + tenant + "/oauth2/v2.0/token";
        String scope = "&scope=https://management.azure.com/.default";
        assertThat(api.send("POST", tokenV2, null, "grant_type=client_credentials&client_id="
                + io.aegisml.infrastructure.keycloak.ServiceClients.SCORING_SERVICE + "&client_secret=" + platformSecret
                + scope, form).json().get("error_codes").get(0).asInt()).isEqualTo(700016);
        assertThat(api.send("POST", tokenV2, null, "grant_type=client_credentials&client_id=" + clientId + "&client_id="
                + UUID.randomUUID() + "&client_secret=" + secret + scope, form).json().get("error_codes").get(0).asInt())
                .isEqualTo(90014);
        assertThat(api.send("POST", tokenV2 + "?client_secret=" + secret, null, "grant_type=client_credentials&client_id="
                + clientId + scope, form).json().get("error_codes").get(0).asInt()).isEqualTo(900144);
        Api.Response basic = api.send("POST", tokenV2, null, "grant_type=client_credentials&client_id=" + UUID.randomUUID()
                + scope, Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8))));
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.json().get("error_codes").get(0).asInt()).isEqualTo(7000216);
        Api.Response badBasic = api.send("POST", tokenV2, null, "grant_type=client_credentials" + scope, Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("%zz:%".getBytes(StandardCharsets.UTF_8))));
        assertThat(badBasic.status()).as(badBasic.body()).isEqualTo(401);
        // What Azure AD refuses, refused the same way: no secret, no /.default, two resources, an unknown grant.
        assertThat(api.send("POST", tokenV2, null, "grant_type=client_credentials&client_id=" + clientId + scope, form)
                .json().get("error_codes").get(0).asInt()).isEqualTo(7000218);
        assertThat(api.send("POST", tokenV2, null, "grant_type=client_credentials&client_id=" + clientId
                + "&client_secret=" + secret + "&scope=https://management.azure.com/user_impersonation", form)
                .json().get("error_codes").get(0).asInt()).isEqualTo(1002012);
        assertThat(api.send("POST", tokenV2, null, "grant_type=client_credentials&client_id=" + clientId
                + "&client_secret=" + secret + "&scope=https://management.azure.com/.default%20https://ml.azure.com/.default",
                form).json().get("error_codes").get(0).asInt()).isEqualTo(28000);
        assertThat(api.send("POST", tokenV2, null, "grant_type=implicit&client_id=" + clientId + scope, form)
                .json().get("error").asString()).isEqualTo("unsupported_grant_type");
        // client_secret_basic, as some clients send it, works.
        assertThat(api.send("POST", tokenV2, null, "grant_type=client_credentials" + scope, Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))).status()).isEqualTo(200);
        // Azure AD's v1 answer: numbers as strings, the resource echoed.
        Api.Response v1 = api.send("POST", "/" + tenant + "/oauth2/token", null, "grant_type=client_credentials"
                + "&client_id=" + clientId + "&client_secret=" + secret + "&resource=https://ml.azure.com",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.json().get("expires_on").isString()).isTrue();
        assertThat(v1.json().get("resource").asString()).isEqualTo("https://ml.azure.com");
    }

    /**
     * azure-identity's ManagedIdentityCredential, unmodified, in a deployment's score.py: both App Service protocols
     * (IDENTITY_ENDPOINT 2019-08-01 and MSI_ENDPOINT 2017-09-01), then a blob read with the token.
     */
    @Test
    void pythonAzureIdentityInsideADeployment(AegisStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        System.setProperty("aegis.config.dir", dir.resolve("home").toString());
        assertThat(aegis("login", "-u", "admin", "-p", stack.infrastructure().adminPassword(), "--url", stack.edgeUrl(),
                "--issuer", stack.infrastructure().tokenIssuer()).exit()).isZero();
        assertThat(aegis("configure", "--defaults", "subscription=sub-azure", "group=rg-" + run, "workspace=ws").exit())
                .isZero();
        assertThat(aegis("ml", "workspace", "create").exit()).isZero();
        String account = "azid" + run;
        assertThat(aegis("storage", "account", "create", "--name", account).exit()).isZero();
        assertThat(aegis("storage", "container", "create", "--account-name", account, "--name", "files").exit()).isZero();
        Path hello = Files.writeString(dir.resolve("hello.txt"), "read with azure-identity " + run + "\n");
        assertThat(aegis("storage", "blob", "upload", "--account-name", account, "--container-name", "files", "--name",
                "hello.txt", "--file", hello.toString()).exit()).isZero();
        String endpoint = "azid-" + run;
        Path endpointYml = Files.writeString(dir.resolve("endpoint.yml"), "name: " + endpoint
                + "\nauth_mode: key\nidentity:\n  type: system_assigned\n");
        assertThat(aegis("ml", "online-endpoint", "create", "-f", endpointYml.toString()).exit()).isZero();
        String principal = aegis("ml", "online-endpoint", "show", "-n", endpoint, "--query", "identity.principal_id",
                "-o", "tsv").out().strip();
        String storageId = aegis("storage", "account", "show", "--name", account, "--query", "id", "-o", "tsv").out().strip();
        Run granted = aegis("role", "assignment", "create", "--assignee", principal, "--role", "Storage Blob Data Reader",
                "--scope", storageId);
        assertThat(granted.exit()).as(granted.err()).isZero();

        Path folder = dir.resolve("deployment");
        Files.createDirectories(folder.resolve("code"));
        Files.copy(SCRIPTS.resolve("azure-identity/score.py"), folder.resolve("code/score.py"));
        Files.writeString(Files.createDirectories(folder.resolve("model")).resolve("README"), "no weights: run() "
                + "answers what init() read\n");
        Path yml = Files.writeString(folder.resolve("deployment.yml"), """
                name: blue
                endpoint_name: %s
                model:
                  path: ./model/
                code_configuration:
                  code: ./code/
                  scoring_script: score.py
                instance_count: 1
                environment_variables:
                  STORAGE_ACCOUNT_NAME: %s
                  STORAGE_CONTAINER_NAME: files
                  FILE_NAME: hello.txt
                """.formatted(endpoint, account));
        Run deployed = aegis("ml", "online-deployment", "create", "-f", yml.toString(), "--all-traffic");
        String logs = aegis("ml", "online-deployment", "get-logs", "-n", "blue", "-e", endpoint, "--lines", "200").out();
        assertThat(deployed.exit()).as(deployed.err() + logs).isZero();
        assertThat(logs).contains("ManagedIdentityCredential (App Service 2019-08-01): token expiring at",
                "DefaultAzureCredential (MSI_ENDPOINT, 2017-09-01): token expiring at",
                "Read hello.txt with azure-identity's token: read with azure-identity " + run);
        Path request = Files.writeString(dir.resolve("request.json"), "{}");
        Run invoked = Eventually.until(Duration.ofSeconds(10), () -> aegis("ml", "online-endpoint", "invoke", "-n",
                endpoint, "--request-file", request.toString()), r -> r.exit() == 0, "the endpoint answering");
        assertThat(invoked.json().get("read").asString()).isEqualTo("read with azure-identity " + run);
    }

    private static JsonNode python(AegisStack stack, String script, String secretToUse) throws Exception {
        return python(stack, script, clientId, secretToUse);
    }

    private static JsonNode python(AegisStack stack, String script, String id, String secretToUse) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", CLIENTS.resolve(script).toString(), stack.edgeUrl(),
                tenant, id, secretToUse, apiUrl);
        builder.environment().put("REQUESTS_CA_BUNDLE", stack.tls().caCertificate().toString());
        return lastJsonLine(builder);
    }

    private static JsonNode node(AegisStack stack, Path modules, String script, String secretToUse) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", modules.resolve(script).toString(), stack.edgeUrl(), tenant,
                clientId, secretToUse, apiUrl).directory(modules.toFile());
        builder.environment().put("NODE_EXTRA_CA_CERTS", stack.tls().caCertificate().toString());
        return lastJsonLine(builder);
    }

    /** The Node clients from npm (its cache serves later runs), beside our two scripts, in target/. */
    private static Path nodeClients() throws IOException, InterruptedException {
        Path modules = REPO.resolve("devstack/target/azure-clients");
        Files.createDirectories(modules);
        for (String file : List.of("package.json", "adal_client.js", "msal_client.js")) {
            Files.copy(CLIENTS.resolve(file), modules.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(modules.resolve("node_modules/@azure/msal-node"))
                || !Files.isDirectory(modules.resolve("node_modules/adal-node"))) {
            Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(modules.toFile()).redirectErrorStream(true).start();
            String printed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as(printed).isZero();
        }
        return modules;
    }

    private static JsonNode lastJsonLine(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        String last = printed.strip().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        assertThat(last).as(printed).isNotNull();
        return Api.JSON.readTree(last);
    }
}
