package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.testmodels.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Tenants that want more than they were given, each a service principal as {@code az ad sp
 * create-for-rbac} makes it: Owner of its own subscription only, or Contributor. Each attack is refused,
 * and a refusal tells nothing of what the caller may not read.
 */
@ExtendWith(StackExtension.class)
class TenantIsolationE2EIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String SUB_A = "/subscriptions/tenant-a-" + RUN;
    static final String SUB_B = "/subscriptions/tenant-b-" + RUN;
    static final String ROLES = "/providers/Aegis.Authorization/roleDefinitions/";

    static AegisStack stack;
    static Api api;
    static String admin;

    /** A service principal with its token and ids. */
    record Principal(String clientId, String principalId, String secret, String token) {
    }

    @BeforeAll
    static void connect(AegisStack running) {
        stack = running;
        api = new Api(running.edgeUrl());
        admin = new Tokens(running).admin();
    }

    static Principal servicePrincipal(String name, String role, String scope) {
        Api.Response created = api.send("POST", "/api/servicePrincipals", admin, """
                {"displayName": "%s-%s", "role": "%s", "scopes": ["%s"]}""".formatted(name, RUN, role, scope), Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode sp = created.json();
        String secret = sp.get("clientSecret").asString();
        String token = AegisRealm.clientCredentialsToken(stack.infrastructure().keycloakUrl(), sp.get("clientId").asString(),
                secret);
        return new Principal(sp.get("clientId").asString(), sp.get("principalId").asString(), secret, token);
    }

    static void awaitEnforced(String token, String path) {
        Eventually.until(Duration.ofSeconds(20), () -> api.get("/api" + path, token).status(), s -> s != 403,
                "the assignment behind " + path + " to be enforced");
    }

    static Api.Response putRole(String scope, String id, String token, String name, List<String> actions, String assignable) {
        return api.put("/api" + scope + ROLES + id, token, """
                {"roleName": "%s", "actions": %s, "assignableScopes": ["%s"]}""".formatted(name,
                Api.JSON.writeValueAsString(actions), assignable));
    }

    static Api.Response assign(String scope, String token, String role, String principalId) {
        return api.put("/api" + scope + "/providers/Aegis.Authorization/roleAssignments/" + UUID.randomUUID(), token,
                "{\"roleDefinitionId\":\"" + role + "\",\"principalId\":\"" + principalId + "\"}");
    }

    /** Another tenant's custom role can neither be read nor rewritten, even knowing its id. */
    @Test
    void anotherTenantsRoleCanBeNeitherReadNorRewritten() {
        Principal a = servicePrincipal("owner-a", "Owner", SUB_A);
        Principal b = servicePrincipal("owner-b", "Owner", SUB_B);
        awaitEnforced(b.token(), SUB_B + "/resourceGroups/g/workspaces/none");
        awaitEnforced(a.token(), SUB_A + "/resourceGroups/g/workspaces/none");
        String roleOfB = UUID.randomUUID().toString();
        assertThat(putRole(SUB_B, roleOfB, b.token(), "b-viewer-" + RUN, List.of("Aegis.ML/workspaces/read"), SUB_B).status())
                .isEqualTo(201);
        assertThat(assign(SUB_B + "/resourceGroups/g", b.token(), roleOfB, b.principalId()).status()).isEqualTo(201);

        // The id is known (checkAccess's decidedBy, a log line): still 404, through A's own scope and through B's.
        for (String path : List.of(SUB_A + ROLES + roleOfB, SUB_B + ROLES + roleOfB)) {
            Api.Response read = api.get("/api" + path, a.token());
            assertThat(read.status()).as(path).isIn(403, 404);
            assertThat(read.body()).doesNotContain("b-viewer-" + RUN).doesNotContain("Aegis.ML/workspaces/read");
        }
        assertThat(api.get("/api" + SUB_A + ROLES + roleOfB, a.token()).status()).isEqualTo(404);
        // Rewriting it from A's own subscription, where A may write roles, to everything: refused as unknown.
        Api.Response rewrite = putRole(SUB_A, roleOfB, a.token(), "pwned-" + RUN, List.of("*"), SUB_A);
        assertThat(rewrite.status()).as(rewrite.body()).isEqualTo(404);
        assertThat(rewrite.body()).doesNotContain("b-viewer-" + RUN).doesNotContain(SUB_B);
        // Deleting it: as if it did not exist.
        assertThat(api.delete("/api" + SUB_A + ROLES + roleOfB, a.token()).status()).isEqualTo(204);

        JsonNode unchanged = api.get("/api" + SUB_B + ROLES + roleOfB, b.token()).json();
        assertThat(unchanged.get("roleName").asString()).isEqualTo("b-viewer-" + RUN);
        assertThat(unchanged.get("actions").valueStream().map(JsonNode::asString)).containsExactly("Aegis.ML/workspaces/read");
    }

    /** Widening a role re-checks, at every scope where it is assigned, that the writer holds what it would grant. */
    @Test
    void wideningARoleNeedsEverythingItWouldGrantWhereItIsAssigned() {
        String sub = "/subscriptions/tenant-w-" + RUN;
        String writerRole = UUID.randomUUID().toString();
        assertThat(putRole(sub, writerRole, admin, "role-writer-" + RUN,
                List.of("Aegis.Authorization/roleDefinitions/*", "*/read"), sub).status()).isEqualTo(201);
        Principal writer = servicePrincipal("role-writer", writerRole, sub);
        String viewer = UUID.randomUUID().toString();
        assertThat(putRole(sub, viewer, admin, "w-viewer-" + RUN, List.of("Aegis.ML/workspaces/read"), sub).status())
                .isEqualTo(201);
        Principal holder = servicePrincipal("viewer", viewer, sub + "/resourceGroups/g");
        awaitEnforced(writer.token(), sub + ROLES + viewer);

        // The writer holds workspaces/read: it may reword the role, keeping what it grants.
        Api.Response reworded = putRole(sub, viewer, writer.token(), "w-viewer-" + RUN, List.of("Aegis.ML/workspaces/read"), sub);
        assertThat(reworded.status()).as(reworded.body()).isEqualTo(200);
        // It does not hold "*": widening the role to everything would give the holder more than the writer has.
        Api.Response widened = putRole(sub, viewer, writer.token(), "w-viewer-" + RUN, List.of("*"), sub);
        assertThat(widened.status()).as(widened.body()).isEqualTo(403);
        assertThat(api.get("/api" + sub + ROLES + viewer, admin).json().get("actions").valueStream()
                .map(JsonNode::asString)).containsExactly("Aegis.ML/workspaces/read");
        assertThat(api.put("/api" + sub + "/resourceGroups/g/workspaces/by-holder", holder.token(), "{}").status())
                .isEqualTo(403);
    }

    /** A Contributor cannot take over a service principal that holds more (Owner): no secret reset, no deletion. */
    @Test
    void aContributorCannotResetTheSecretOfAnOwnerServicePrincipal() {
        Principal contributor = servicePrincipal("contributor", "Contributor", "/");
        Principal owner = servicePrincipal("owner-c", "Owner", "/subscriptions/tenant-c-" + RUN);
        awaitEnforced(contributor.token(), "/subscriptions/tenant-c-" + RUN + "/resourceGroups/g/workspaces/none");

        Api.Response reset = api.send("POST", "/api/servicePrincipals/" + owner.clientId() + "/resetSecret",
                contributor.token(), null, Map.of());
        assertThat(reset.status()).as(reset.body()).isEqualTo(403);
        assertThat(reset.body()).doesNotContain("clientSecret");
        assertThat(api.delete("/api/servicePrincipals/" + owner.clientId(), contributor.token()).status()).isEqualTo(403);
        // The owner's own secret still works: nothing was changed.
        AegisRealm.clientCredentialsToken(stack.infrastructure().keycloakUrl(), owner.clientId(), owner.secret());

        // The administrator, Owner at /, holds everything the principal holds: it may.
        assertThat(api.send("POST", "/api/servicePrincipals/" + owner.clientId() + "/resetSecret", admin, null, Map.of())
                .status()).isEqualTo(200);
    }

    /** Another tenant's user-assigned identity cannot be attached: its tokens and SASes would be ours. */
    @Test
    void anotherTenantsUserAssignedIdentityCannotBeAttached() {
        String subA = "/subscriptions/tenant-ua-" + RUN;
        String subB = "/subscriptions/tenant-ub-" + RUN;
        Principal a = servicePrincipal("uai-owner-a", "Owner", subA);
        Principal b = servicePrincipal("uai-owner-b", "Owner", subB);
        awaitEnforced(b.token(), subB + "/resourceGroups/g/workspaces/none");
        awaitEnforced(a.token(), subA + "/resourceGroups/g/workspaces/none");
        String identityOfB = subB + "/resourceGroups/g/userAssignedIdentities/b-identity";
        assertThat(api.put("/api" + identityOfB, b.token(), "{}").status()).isEqualTo(201);
        String workspace = subA + "/resourceGroups/g/workspaces/ws";
        assertThat(api.put("/api" + workspace, a.token(), "{}").status()).isEqualTo(201);

        String endpoint = "uai-theft-" + RUN;
        Api.Response attach = api.sendBytes("PUT", "/api" + workspace + "/onlineEndpoints/" + endpoint, a.token(),
                attachment(endpoint, identityOfB), Map.of("Content-Type", "application/yaml"));
        assertThat(attach.status()).as(attach.body()).isEqualTo(403);
        assertThat(attach.body()).contains("Aegis.ManagedIdentity/userAssignedIdentities/assign/action", identityOfB);
        assertThat(api.get("/api" + workspace + "/onlineEndpoints/" + endpoint, a.token()).status()).isEqualTo(404);

        // B lets A use it (Managed Identity Operator on the identity): now A may attach it.
        assertThat(assign(identityOfB, b.token(), "Managed Identity Operator", a.principalId()).status()).isEqualTo(201);
        Eventually.until(Duration.ofSeconds(20), () -> api.sendBytes("PUT", "/api" + workspace + "/onlineEndpoints/" + endpoint,
                a.token(), attachment(endpoint, identityOfB), Map.of("Content-Type", "application/yaml")).status(),
                s -> s == 201, "the attachment once A may assign the identity");
    }

    /** A model file that names a file of the host (absolute or relative path) is refused: models are data. */
    @Test
    void aModelThatReadsAFileOfTheHostIsRefused() {
        String sub = "/subscriptions/tenant-m-" + RUN;
        Principal tenant = servicePrincipal("model-owner", "Owner", sub);
        awaitEnforced(tenant.token(), sub + "/resourceGroups/g/workspaces/none");
        String workspace = sub + "/resourceGroups/g/workspaces/ws";
        assertThat(api.put("/api" + workspace, tenant.token(), "{}").status()).isEqualTo(201);
        String secret = stack.config().dataDir().resolve("secrets/admin-password").toString();
        List<String> locations = List.of(secret, "secrets/admin-password", "../../secrets/admin-password",
                "../../../secrets/admin-password");
        int version = 0;
        for (String location : locations) {
            for (byte[] model : List.of(TestModels.readingExternalFile(location, 8),
                    TestModels.constantReadingExternalFile(location, 8), TestModels.subgraphReadingExternalFile(location, 8))) {
                Api.Response registered = api.sendBytes("PUT", "/api" + workspace + "/models/thief/versions/" + ++version,
                        tenant.token(), model, Map.of("Content-Type", "application/octet-stream"));
                assertThat(registered.status()).as(location + ": " + registered.body()).isEqualTo(400);
                assertThat(registered.body()).contains("external data").doesNotContain(secret);
            }
        }
        assertThat(api.get("/api" + workspace + "/models", tenant.token()).json().get("value")).isEmpty();
    }

    /** An aml_token does not outlive its principal: deleted, its tokens are refused at once, not at expiry. */
    @Test
    void anAmlTokenOfADeletedPrincipalIsRefused() {
        ModelServingE2EIT.Workspace ws = new ModelServingE2EIT.Workspace(api, admin);
        String endpoint = "aml-gone-" + RUN;
        ws.serving(endpoint, "aml_token", "linreg", TestModels.linearRegression());
        String scope = ws.path.substring("/api".length()) + "/onlineEndpoints/" + endpoint;
        Principal scorer = servicePrincipal("aml-scorer", "Contributor", scope);
        Api.Response issued = Eventually.until(Duration.ofSeconds(20), () -> api.send("POST", "/api" + scope + "/token",
                scorer.token(), "", Map.of()), r -> r.status() == 200, "an aml_token for the scorer");
        String amlToken = issued.json().get("accessToken").asString();
        assertSigningKeySealed();
        String scoring = "/endpoints/" + endpoint + "/score";
        Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", scoring, amlToken, ModelServingE2EIT.SAMPLE,
                Map.of()).status(), s -> s == 200, "the scorer's aml_token accepted");

        assertThat(api.delete("/api/servicePrincipals/" + scorer.clientId(), admin).status()).isEqualTo(200);
        Api.Response refused = Eventually.until(Duration.ofSeconds(5), () -> api.send("POST", scoring, amlToken,
                ModelServingE2EIT.SAMPLE, Map.of()), r -> r.status() == 401, "the deleted principal's aml_token refused");
        assertThat(refused.body()).contains("deleted or disabled").doesNotContain("Jwt").doesNotContain("An error occurred");
    }

    /** Guessing keys: past the limit, the guesser is refused (429, Retry-After) for the rest of the minute. */
    @Test
    void aClientThatKeepsGuessingKeysIsRefusedForAWhile() {
        ModelServingE2EIT.Workspace ws = new ModelServingE2EIT.Workspace(api, admin);
        String endpoint = "guessed-" + RUN;
        String key = ws.servingKeyEndpoint(endpoint);
        String scoring = "/endpoints/" + endpoint + "/score";
        int refusedAs401 = 0;
        Api.Response last = null;
        for (int i = 0; i < 40; i++) {
            last = api.send("POST", scoring, "guess-" + i, ModelServingE2EIT.SAMPLE, Map.of());
            if (last.status() == 401) {
                refusedAs401++;
            } else {
                break;
            }
        }
        assertThat(refusedAs401).isEqualTo(30);
        assertThat(last.status()).isEqualTo(429);
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
        assertThat(last.json().get("error").get("message").asString()).contains("Too many failed authentication attempts");
        // The right key from the same client waits too (else the limit would not slow a guesser)...
        assertThat(api.send("POST", scoring, key, ModelServingE2EIT.SAMPLE, Map.of()).status()).isEqualTo(429);
        // ...while another client is served: another address (127.0.0.9) through the edge, which forwards it...
        assertThat(FromAddress.post("127.0.0.9", stack.edgeUrl(), scoring, key, ModelServingE2EIT.SAMPLE, Map.of())
                .status()).isEqualTo(200);
        // ...and the guesser cannot pose as another client by writing X-Forwarded-For itself, to the edge or to
        // scoring-service's own port (which believes it only with the edge's proof).
        assertThat(api.send("POST", scoring, key, ModelServingE2EIT.SAMPLE, Map.of("X-Forwarded-For", "127.0.0.8"))
                .status()).isEqualTo(429);
        Api direct = new Api(stack.serviceUrl(Service.SCORING));
        assertThat(direct.send("POST", scoring, key, ModelServingE2EIT.SAMPLE, Map.of("X-Forwarded-For", "127.0.0.8"))
                .status()).isEqualTo(429);
        // The endpoint's activity log says so once, however often the guesser kept trying.
        for (int i = 0; i < 5; i++) {
            assertThat(api.send("POST", scoring, "guess-more-" + i, ModelServingE2EIT.SAMPLE, Map.of()).status()).isEqualTo(429);
        }
        String endpointId = ws.path.substring(4) + "/onlineEndpoints/" + endpoint;
        List<JsonNode> limited = Eventually.until(Duration.ofSeconds(20), () -> api.get("/api/activityLog?top=500&scope="
                        + endpointId, admin).json().get("value").valueStream()
                        .filter(e -> "AuthenticationLimited".equals(e.path("eventType").asString(""))).toList(),
                list -> !list.isEmpty(), "the lock-out in the activity log");
        assertThat(limited).hasSize(1);
        assertThat(limited.get(0).get("operationName").asString()).isEqualTo("Aegis.ML/workspaces/onlineEndpoints/score/action");
        assertThat(limited.get(0).get("status").asString()).isEqualTo("Failed");
    }

    /**
     * A scoring body is read only for a known caller, and only as much as the limits allow: a client
     * without a key cannot make scoring-service wait for (or buffer) a large body, nor can a key holder send
     * JSON that nests without end or holds millions of values.
     */
    @Test
    void aScoringBodyIsReadOnlyForAKnownCallerAndWithinLimits() throws Exception {
        ModelServingE2EIT.Workspace ws = new ModelServingE2EIT.Workspace(api, admin);
        String endpoint = "bodies-" + RUN;
        String key = ws.servingKeyEndpoint(endpoint);
        String scoring = "/endpoints/" + endpoint + "/score";
        java.net.URI direct = java.net.URI.create(stack.serviceUrl(Service.SCORING));
        // 10 MB announced, 100 bytes sent: the answer comes without the rest, because nobody asked for it.
        assertThat(statusBeforeTheBodyEnds(direct, scoring, "wrong-key", 10_000_000)).isEqualTo(401);
        // A key holder announcing more than 16 MB is told so before sending it.
        assertThat(statusBeforeTheBodyEnds(direct, scoring, key, 17_000_000)).isEqualTo(413);

        StringBuilder deep = new StringBuilder("{\"data\": ");
        deep.append("[".repeat(40)).append('1').append("]".repeat(40)).append('}');
        Api.Response nested = api.send("POST", scoring, key, deep.toString(), Map.of());
        assertThat(nested.status()).as(nested.body()).isEqualTo(400);
        assertThat(nested.json().get("error").get("message").asString()).contains("deeper than").doesNotContain("StreamReadConstraints");

        StringBuilder many = new StringBuilder("{\"data\": [[");
        for (int i = 0; i < 1_100_000; i++) {
            many.append(i == 0 ? "0" : ",0");
        }
        many.append("]]}");
        Api.Response values = api.send("POST", scoring, key, many.toString(), Map.of());
        assertThat(values.status()).as(values.body()).isEqualTo(413);
        assertThat(values.json().get("error").get("message").asString()).contains("JSON tokens");
        // And the endpoint still serves.
        assertThat(api.send("POST", scoring, key, ModelServingE2EIT.SAMPLE, Map.of()).status()).isEqualTo(200);
    }

    /** Sends the headers and 100 bytes of a body of {@code announced} bytes; the status line, if it comes within 10 s. */
    static int statusBeforeTheBodyEnds(java.net.URI base, String path, String key, long announced) throws Exception {
        try (java.net.Socket socket = FromAddress.connect(base, null)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + announced + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(("{\"data\": [[" + "0,".repeat(44)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).as("an answer before the body ends").isNotNull();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** Each service's metrics are the platform operator's: not anonymous, not a tenant's, even an Owner's. */
    @Test
    void metricsNeedTheRootScopeMetricsRole() {
        Principal owner = servicePrincipal("metrics-owner", "Owner", "/subscriptions/tenant-m-" + RUN);
        awaitEnforced(owner.token(), "/subscriptions/tenant-m-" + RUN + "/resourceGroups/g/workspaces/none");
        for (Service service : List.of(Service.IDENTITY, Service.DEPLOYMENT, Service.SCORING, Service.AUDIT)) {
            Api direct = new Api(stack.serviceUrl(service));
            assertThat(direct.get("/actuator/prometheus", null).status()).as(service + " anonymous").isIn(401, 404);
            Api.Response tenant = direct.get("/actuator/prometheus", owner.token());
            assertThat(tenant.status()).as(service + " a tenant").isEqualTo(403);
            assertThat(tenant.body()).doesNotContain("jvm_");
            Api.Response operator = direct.get("/actuator/prometheus", admin);
            assertThat(operator.status()).as(service + " the operator").isEqualTo(200);
            assertThat(operator.body()).contains("jvm_");
            assertThat(direct.get("/actuator/health/readiness", null).status()).as(service + " health").isEqualTo(200);
        }
        Api edge = new Api(stack.edgeUrl());
        assertThat(edge.get("/actuator/prometheus", null).status()).isEqualTo(404); // the edge exposes none
        assertThat(edge.get("/actuator/prometheus", admin).status()).isEqualTo(404);
    }

    /** Azure ids are case-insensitive: two spellings of one id are one resource, in RBAC, the database and storage. */
    @Test
    void twoSpellingsOfAnIdAreOneResource() {
        String sub = "/subscriptions/tenant-c-" + RUN;
        Principal owner = servicePrincipal("case-owner", "Owner", sub);
        awaitEnforced(owner.token(), sub + "/resourceGroups/g/workspaces/none");
        String shouted = "/subscriptions/TENANT-C-" + RUN.toUpperCase() + "/resourceGroups/Group/workspaces/Fraud";
        Api.Response created = api.put("/api" + shouted, owner.token(), "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = sub + "/resourceGroups/group/workspaces/fraud";
        assertThat(created.json().get("id").asString()).isEqualTo(id);
        // The other spelling finds it, and writing it again updates it: not a second workspace.
        assertThat(api.put("/api" + id, owner.token(), "{}").status()).isEqualTo(200);
        assertThat(api.get("/api" + shouted, owner.token()).json().get("id").asString()).isEqualTo(id);
        // An escaped capital is that capital: %46 is F.
        assertThat(api.get("/api" + sub + "/resourceGroups/group/workspaces/%46raud", owner.token()).json().get("id")
                .asString()).isEqualTo(id);
        assertThat(api.put("/api" + sub + "/resourceGroups/group/workspaces/%46RAUD", owner.token(), "{}").status()).isEqualTo(200);
        JsonNode listed = api.get("/api" + sub + "/resourceGroups/GROUP/workspaces", owner.token()).json();
        assertThat(listed.get("value").valueStream().map(w -> w.get("id").asString())).containsExactly(id);
        // A role assignment made under one spelling is found, and removed, under the other.
        String assignment = UUID.randomUUID().toString();
        Principal reader = servicePrincipal("case-reader", "Reader", "/subscriptions/tenant-c2-" + RUN);
        assertThat(api.put("/api" + shouted + "/providers/Aegis.Authorization/roleAssignments/" + assignment, owner.token(),
                "{\"roleDefinitionId\":\"Reader\",\"principalId\":\"" + reader.principalId() + "\"}").status()).isEqualTo(201);
        assertThat(api.get("/api" + id + "/providers/Aegis.Authorization/roleAssignments/" + assignment, owner.token())
                .status()).isEqualTo(200);
        assertThat(api.delete("/api" + id + "/providers/Aegis.Authorization/roleAssignments/" + assignment.toUpperCase(),
                owner.token()).status()).isEqualTo(200);
    }

    /**
     * Every service believes the role assignments it reads on aegis.identity.events. A local process that
     * writes one there is refused by the broker, anonymous or signed in as another service; the very same
     * record from the platform's own account does take effect, so the refusals are the broker's doing.
     */
    @Test
    void aForgedRoleAssignmentIsRefusedByTheBroker() throws Exception {
        String sub = "/subscriptions/tenant-k-" + RUN;
        Principal reader = servicePrincipal("kafka-reader", "Reader", sub);
        awaitEnforced(reader.token(), sub + "/resourceGroups/g/workspaces/none");
        String write = "Aegis.ML/workspaces/write";
        assertThat(checkAccess(reader.token(), write, sub)).isFalse();
        String assignment = sub + "/providers/Aegis.Authorization/roleAssignments/" + UUID.randomUUID();
        io.aegisml.events.EventEnvelope forged = io.aegisml.events.EventEnvelope.of("RoleAssignmentCreated",
                "identity-service", assignment, "forged-" + RUN,
                new io.aegisml.events.Actor("attacker", io.aegisml.events.Actor.Kind.System, "attacker"),
                Map.of("id", assignment, "name", assignment.substring(assignment.lastIndexOf('/') + 1), "scope", sub,
                        "principalId", reader.principalId(), "principalType", "ServicePrincipal",
                        "roleDefinitionId", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")); // Owner

        var infra = stack.infrastructure();
        // No credentials: the broker's listeners speak SASL only.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> produce(io.aegisml.events.KafkaCredentials.none(), forged))
                .as("anonymous").isInstanceOf(Exception.class);
        // A guessed password for identity-service's own account.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> produce(io.aegisml.events.KafkaCredentials.scram(
                "identity-service", "guessed"), forged)).as("wrong password").rootCause()
                .isInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        // Another service's real account, and the read-only one: not allowed to write that topic.
        for (io.aegisml.events.KafkaAccount account : List.of(io.aegisml.events.KafkaAccount.DEPLOYMENT_SERVICE,
                io.aegisml.events.KafkaAccount.SCORING_SERVICE, io.aegisml.events.KafkaAccount.EVENTS_READER)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> produce(infra.kafkaCredentials(account), forged))
                    .as(account.username()).rootCause()
                    .isInstanceOf(org.apache.kafka.common.errors.AuthorizationException.class);
        }
        Thread.sleep(2_000); // the revocation budget is a second: anything accepted would be enforced by now
        assertThat(checkAccess(reader.token(), write, sub)).as("after the forgeries").isFalse();
        assertThat(api.put("/api" + sub + "/resourceGroups/g/workspaces/forged", reader.token(), "{}").status()).isEqualTo(403);

        // The control: the same record from the platform's account is believed, then taken back.
        produce(infra.kafkaAdminCredentials(), forged);
        try {
            Eventually.until(Duration.ofSeconds(20), () -> checkAccess(reader.token(), write, sub),
                    allowed -> allowed, "the platform's own record to take effect");
        } finally {
            produce(infra.kafkaAdminCredentials(), io.aegisml.events.EventEnvelope.of("RoleAssignmentDeleted",
                    "identity-service", assignment, "forged-" + RUN, forged.actor(), forged.data()));
        }
        Eventually.until(Duration.ofSeconds(20), () -> checkAccess(reader.token(), write, sub),
                allowed -> !allowed, "the control's assignment to be taken back");
    }

    private static boolean checkAccess(String token, String action, String scope) {
        Api.Response response = api.send("POST", "/api/checkAccess", token,
                "{\"action\":\"" + action + "\",\"scope\":\"" + scope + "\"}", Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("allowed").asBoolean();
    }

    private static void produce(io.aegisml.events.KafkaCredentials credentials, io.aegisml.events.EventEnvelope event)
            throws Exception {
        var props = credentials.clientProperties(stack.infrastructure().kafkaBootstrapServers(), Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    io.aegisml.events.Topic.IDENTITY_EVENTS.topicName(), event.subject(),
                    io.aegisml.events.EventJson.write(event))).get();
        }
    }

    /** A copy of identity-service's database cannot sign: the key's private half is stored sealed. */
    private static void assertSigningKeySealed() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(stack.infrastructure().jdbcUrl("identity"),
                stack.infrastructure().databaseSuperuser(), stack.infrastructure().databaseSuperuserPassword());
             java.sql.ResultSet rs = c.createStatement().executeQuery("select private_der, sealed from aml_token_signing_key")) {
            int keys = 0;
            while (rs.next()) {
                keys++;
                assertThat(rs.getBoolean("sealed")).isTrue();
                byte[] stored = rs.getBytes("private_der");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.security.KeyFactory.getInstance("RSA")
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(stored)))
                        .as("the stored private key is not readable as is").isInstanceOf(Exception.class);
            }
            assertThat(keys).isPositive();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] attachment(String endpoint, String identity) {
        return ("name: " + endpoint + "\nauth_mode: key\nidentity:\n  type: user_assigned\n  user_assigned_identities:\n"
                + "    - resource_id: " + identity + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
