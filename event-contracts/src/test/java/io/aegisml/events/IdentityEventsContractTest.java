package io.aegisml.events;

import static io.aegisml.events.ContractFiles.edit;
import static io.aegisml.events.ContractFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The access and principal events on aegis.identity.events (role assignments, role definitions,
 * service principals, user-assigned identities, users, system-assigned identities): what identity-service publishes through its outbox
 * ({@link EventEnvelope#of} written by {@link EventJson}, with data shaped as its {@code state()}
 * methods shape it) validates against docs/events/identity, and broken events do not.
 */
class IdentityEventsContractTest {

    private static final String SOURCE = "identity-service";
    private static final String CORRELATION_ID = "c0ffee00-1234-4abc-8def-0123456789ab";
    private static final Actor ALICE = new Actor("6b1f3c2e-8d4a-4f0b-9a57-1c2d3e4f5a6b", Actor.Kind.User, "alice");
    private static final String RESOURCE_GROUP = "/subscriptions/contoso-ml/resourceGroups/rg.fraud_prod";
    private static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private static final String ROLE_ID = "4d5e6f70-8192-4a3b-9c4d-5e6f708192a3";
    private static final String CLIENT_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    private static final String IDENTITY_ID = RESOURCE_GROUP + "/userAssignedIdentities/scoring-identity";
    private static final String USER_ID = "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b";
    private static final String ENDPOINT_ID = RESOURCE_GROUP + "/workspaces/fraud-models/onlineEndpoints/fraud-scorer";
    private static final String SYSTEM_IDENTITY_ID = ENDPOINT_ID + "/providers/Aegis.ManagedIdentity/identities/default";
    private static final String ACCOUNT_ID = RESOURCE_GROUP + "/storageAccounts/fraudstore01";
    private static final String CONTAINER_ID = ACCOUNT_ID + "/containers/scaling-params";

    // --- valid events, as published ---

    @ParameterizedTest
    @CsvSource({
            "RoleAssignmentCreated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod, ServicePrincipal",
            "RoleAssignmentDeleted, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod, ServicePrincipal",
            "RoleAssignmentCreated, /subscriptions/contoso-ml/resourceGroups/rg1/workspaces/fraud-models, ManagedIdentity",
            "RoleAssignmentCreated, /subscriptions/contoso-ml, User",
            "RoleAssignmentCreated, /, User",
            "RoleAssignmentDeleted, /, User"})
    void roleAssignmentEvents_matchTheirSchema(String type, String scope, String principalType) {
        Map<String, Object> data = roleAssignment(scope, principalType);
        String json = EventJson.write(event(type, (String) data.get("id"), data));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @Test
    void aRootScopeAssignment_hasTheProviderPathAsItsId() {
        Map<String, Object> data = roleAssignment("/", "User");

        assertThat(data.get("id")).isEqualTo("/providers/Aegis.Authorization/roleAssignments/"
                + "7f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7");
        // "//providers/..." (the scope naively prefixed) is not an id.
        assertThat(errors(schemaOf("RoleAssignmentCreated"), EventJson.write(event("RoleAssignmentCreated",
                "/" + data.get("id"), withEntry(data, "id", "/" + data.get("id")))))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RoleDefinitionCreated", "RoleDefinitionUpdated", "RoleDefinitionDeleted"})
    void roleDefinitionEvents_matchTheirSchema(String type) {
        String json = EventJson.write(roleDefinitionEvent(type, roleDefinition()));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @Test
    void aRoleDefinition_withoutDescription_andWithWildcards_isValid() {
        Map<String, Object> data = new LinkedHashMap<>(roleDefinition());
        data.put("description", null);
        data.put("actions", List.of("*"));
        data.put("notActions", List.of("Aegis.Authorization/*/write", "Aegis.Authorization/*/delete"));
        data.put("dataActions", List.of("Aegis.Storage/storageAccounts/containers/blobs/*"));
        data.put("assignableScopes", List.of("/subscriptions/contoso-ml",
                "/subscriptions/contoso-ml/resourceGroups/rg1/workspaces/fraud-models"));
        String schema = schemaOf("RoleDefinitionUpdated");
        EventEnvelope event = roleDefinitionEvent("RoleDefinitionUpdated", data);

        assertThat(errors(schema, EventJson.write(event))).isEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).remove("description")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ServicePrincipalCreated", "ServicePrincipalSecretReset", "ServicePrincipalDeleted"})
    void servicePrincipalEvents_matchTheirSchema(String type) {
        String json = EventJson.write(servicePrincipalEvent(type, servicePrincipal()));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UserAssignedIdentityCreated", "UserAssignedIdentityUpdated", "UserAssignedIdentityDeleted"})
    void userAssignedIdentityEvents_matchTheirSchema(String type) {
        String json = EventJson.write(event(type, IDENTITY_ID, userAssignedIdentity()));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"UserCreated, true", "UserDisabled, false", "UserEnabled, true"})
    void userEvents_matchTheirSchema(String type, boolean enabled) {
        String json = EventJson.write(userEvent(type, user(enabled)));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SystemAssignedIdentityCreated", "SystemAssignedIdentityDeleted"})
    void systemAssignedIdentityEvents_matchTheirSchema(String type) {
        String json = EventJson.write(event(type, SYSTEM_IDENTITY_ID, systemAssignedIdentity()));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(value = {"StorageAccountCreated, NULL", "StorageAccountUpdated, NULL",
            "StorageAccountCreated, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models",
            "StorageAccountDeleted, /subscriptions/contoso-ml/resourceGroups/rg.fraud_prod/workspaces/fraud-models"},
            nullValues = "NULL")
    void storageAccountEvents_matchTheirSchema(String type, String defaultStorageOf) {
        String json = EventJson.write(event(type, ACCOUNT_ID, storageAccount(defaultStorageOf)));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"StorageContainerCreated", "StorageContainerDeleted", "StorageAccessGranted"})
    void storageContainerAndAccessEvents_matchTheirSchema(String type) {
        String json = EventJson.write(validEvent(type));

        assertThat(errors(schemaOf(type), json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @Test
    void aStorageAccessGrant_neverCarriesTheSas_andIsReadOnly() {
        EventEnvelope granted = validEvent("StorageAccessGranted");
        String schema = schemaOf("StorageAccessGranted");

        assertThat(errors(schema, edit(granted, root -> ((ObjectNode) root.get("data")).put("sasToken", "sv=...&sig=..."))))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("sasToken"));
        assertThat(errors(schema, edit(granted, root -> ((ObjectNode) root.get("data")).put("permissions", "rwl"))))
                .isNotEmpty();
        // Azure's naming rules: no uppercase account, no double hyphen in a container.
        assertThat(errors(schema, edit(granted, root -> ((ObjectNode) root).put("subject",
                RESOURCE_GROUP + "/storageAccounts/FraudStore/containers/scaling-params")))).isNotEmpty();
        assertThat(errors(schema, edit(granted, root -> ((ObjectNode) root).put("subject",
                ACCOUNT_ID + "/containers/scaling--params")))).isNotEmpty();
    }

    // --- broken events, for every type ---

    @ParameterizedTest
    @CsvSource({
            "RoleAssignmentCreated, RoleAssignmentDeleted",
            "RoleAssignmentDeleted, RoleAssignmentCreated",
            "RoleDefinitionCreated, RoleDefinitionUpdated",
            "RoleDefinitionUpdated, RoleDefinitionDeleted",
            "RoleDefinitionDeleted, RoleDefinitionCreated",
            "ServicePrincipalCreated, ServicePrincipalSecretReset",
            "ServicePrincipalSecretReset, ServicePrincipalDeleted",
            "ServicePrincipalDeleted, ServicePrincipalCreated",
            "UserAssignedIdentityCreated, UserAssignedIdentityUpdated",
            "UserAssignedIdentityUpdated, UserAssignedIdentityDeleted",
            "UserAssignedIdentityDeleted, UserAssignedIdentityCreated",
            "UserCreated, UserEnabled",
            "UserDisabled, UserCreated",
            "UserEnabled, UserCreated",
            "SystemAssignedIdentityCreated, SystemAssignedIdentityDeleted",
            "SystemAssignedIdentityDeleted, UserAssignedIdentityDeleted",
            "StorageAccountCreated, StorageAccountUpdated",
            "StorageAccountDeleted, StorageContainerDeleted",
            "StorageContainerCreated, StorageContainerDeleted",
            "StorageAccessGranted, StorageContainerCreated",
            "RoleAssignmentCreated, WorkspaceCreated"})
    void anEventOfAnotherType_isInvalidForTheSchema(String schemaType, String publishedType) {
        EventEnvelope valid = validEvent(schemaType);
        String json = edit(valid, root -> ((ObjectNode) root).put("type", publishedType));

        assertThat(errors(schemaOf(schemaType), EventJson.write(valid))).isEmpty();
        assertThat(errors(schemaOf(schemaType), json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RoleAssignmentCreated", "RoleAssignmentDeleted", "RoleDefinitionCreated",
            "RoleDefinitionUpdated", "RoleDefinitionDeleted", "ServicePrincipalCreated", "ServicePrincipalSecretReset",
            "ServicePrincipalDeleted", "UserAssignedIdentityCreated", "UserAssignedIdentityUpdated",
            "UserAssignedIdentityDeleted", "UserCreated", "UserDisabled", "UserEnabled",
            "SystemAssignedIdentityCreated", "SystemAssignedIdentityDeleted", "StorageAccountCreated",
            "StorageAccountUpdated", "StorageAccountDeleted", "StorageContainerCreated", "StorageContainerDeleted",
            "StorageAccessGranted"})
    void everyType_rejectsAnExtraDataField_aMissingOne_aForeignSource_andTheRootScopeAsSubject(String type) {
        EventEnvelope event = validEvent(type);
        String schema = schemaOf(type);

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("etag", "W/\"1\""))))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("etag"));
        String firstField = event.data().keySet().iterator().next();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).remove(firstField))))
                .as("without data.%s", firstField).isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root).put("source", "audit-service"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root).put("subject", "/")))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Group", "user", "System", ""})
    void anUnknownPrincipalType_isInvalid(String principalType) {
        EventEnvelope event = validEvent("RoleAssignmentCreated");
        String json = edit(event, root -> ((ObjectNode) root.get("data")).put("principalType", principalType));

        assertThat(errors(schemaOf("RoleAssignmentCreated"), json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/data/principalType"));
    }

    @ParameterizedTest
    @CsvSource({
            // not under a scope's providers path
            "RoleAssignmentCreated, /subscriptions/contoso-ml/roleAssignments/7f1d2c3b",
            "RoleAssignmentCreated, /providers/Aegis.Authorization/roleDefinitions/7f1d2c3b",
            "RoleAssignmentCreated, /subscriptions/contoso-ml/resourceGroups/rg1",
            "RoleAssignmentDeleted, /providers/Aegis.Authorization/roleAssignments/",
            // the role's GUID is lowercase, and a role is tenant-wide
            "RoleDefinitionCreated, /providers/Aegis.Authorization/roleDefinitions/4D5E6F70-8192-4A3B-9C4D-5E6F708192A3",
            "RoleDefinitionCreated, /providers/Aegis.Authorization/roleDefinitions/Fraud Reviewer",
            "RoleDefinitionUpdated, /subscriptions/contoso-ml/providers/Aegis.Authorization/roleDefinitions/4d5e6f70-8192-4a3b-9c4d-5e6f708192a3",
            "RoleDefinitionDeleted, 4d5e6f70-8192-4a3b-9c4d-5e6f708192a3",
            // a service principal is named by its client id
            "ServicePrincipalCreated, /servicePrincipals/scoring-client",
            "ServicePrincipalSecretReset, /subscriptions/contoso-ml/servicePrincipals/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
            "ServicePrincipalDeleted, /applications/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
            // an identity lives in a resource group
            "UserAssignedIdentityCreated, /subscriptions/contoso-ml/userAssignedIdentities/scoring-identity",
            "UserAssignedIdentityUpdated, /subscriptions/contoso-ml/resourceGroups/rg1/workspaces/scoring-identity",
            "UserAssignedIdentityDeleted, /subscriptions/contoso-ml/resourceGroups/rg1/userAssignedIdentities/a/b",
            // a user is named by its Keycloak id, a lowercase UUID
            "UserCreated, /users/alice",
            "UserDisabled, 3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
            "UserEnabled, /users/3E2D1C0B-9A8F-4E7D-8C6B-5A4F3E2D1C0B",
            "UserCreated, /subscriptions/contoso-ml/users/3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
            // a system-assigned identity hangs off its endpoint, and is always 'default'
            "SystemAssignedIdentityCreated, /subscriptions/contoso-ml/resourceGroups/rg1/workspaces/ws1/onlineEndpoints/ep1",
            "SystemAssignedIdentityCreated, /subscriptions/contoso-ml/resourceGroups/rg1/workspaces/ws1/onlineEndpoints/ep1/providers/Aegis.ManagedIdentity/identities/scorer",
            "SystemAssignedIdentityDeleted, /subscriptions/contoso-ml/resourceGroups/rg1/workspaces/ws1/providers/Aegis.ManagedIdentity/identities/default",
            "SystemAssignedIdentityDeleted, /subscriptions/contoso-ml/resourceGroups/rg1/userAssignedIdentities/default"})
    void aSubjectOfTheWrongShape_isInvalid(String type, String subject) {
        String json = edit(validEvent(type), root -> ((ObjectNode) root).put("subject", subject));

        assertThat(errors(schemaOf(type), json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/subject"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"clientSecret", "secret", "password", "secretHash"})
    void aServicePrincipalEvent_neverCarriesASecret(String field) {
        for (String type : List.of("ServicePrincipalCreated", "ServicePrincipalSecretReset", "ServicePrincipalDeleted")) {
            Map<String, Object> data = withEntry(servicePrincipal(), field, "k8Q~s3cr3t-v4lue.that-must-never-leak");
            String json = EventJson.write(servicePrincipalEvent(type, data));

            assertThat(errors(schemaOf(type), json)).as(type).anySatisfy(
                    error -> assertThat(error.getMessage()).contains(field));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "password, 'correct horse battery staple'",
            "email, alice@contoso.example",
            "passwordHash, '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'",
            "firstName, Alice",
            "lastName, Liddell"})
    void aUserEvent_neverCarriesAPasswordOrPersonalData(String field, String value) {
        for (String type : List.of("UserCreated", "UserDisabled", "UserEnabled")) {
            Map<String, Object> data = withEntry(user(!"UserDisabled".equals(type)), field, value);
            String json = EventJson.write(userEvent(type, data));

            assertThat(errors(schemaOf(type), json)).as(type).anySatisfy(
                    error -> assertThat(error.getMessage()).contains(field));
        }
    }

    @ParameterizedTest
    @CsvSource({"UserCreated, false", "UserDisabled, true", "UserEnabled, false"})
    void aUserEvent_withTheWrongEnabledFlag_isInvalid(String type, boolean enabled) {
        String json = EventJson.write(userEvent(type, user(enabled)));

        assertThat(errors(schemaOf(type), json)).anySatisfy(
                error -> assertThat(error.getInstanceLocation().toString()).isEqualTo("/data/enabled"));
    }

    @Test
    void brokenUsers_areInvalid() {
        String schema = schemaOf("UserCreated");
        EventEnvelope event = validEvent("UserCreated");

        for (String username : List.of("", "Alice", "-alice", ".alice", "alice smith", "a".repeat(65))) {
            assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("username", username))))
                    .as("username '%s'", username).isNotEmpty();
        }
        for (String username : List.of("alice", "a", "alice.smith_2@contoso-ml", "a".repeat(64))) {
            assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("username", username))))
                    .as("username '%s'", username).isEmpty();
        }
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("id", "alice"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("principalId", "not-a-uuid"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("enabled", "true"))))
                .as("a string, not a boolean").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).remove("enabled"))))
                .isNotEmpty();
    }

    @Test
    void brokenSystemAssignedIdentities_areInvalid() {
        String schema = schemaOf("SystemAssignedIdentityCreated");
        EventEnvelope event = validEvent("SystemAssignedIdentityCreated");

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("type", "UserAssigned"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("type",
                "Aegis.ManagedIdentity/userAssignedIdentities")))).isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("boundTo", RESOURCE_GROUP
                + "/workspaces/fraud-models")))).as("bound to a workspace, not an endpoint").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("id", ENDPOINT_ID))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("clientId", "not-a-uuid"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("principalId", "not-a-uuid"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("createdAt", "yesterday"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).putObject("tags").put("team", "risk"))))
                .as("no tags: the identity is never changed").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).remove("tenantId"))))
                .isNotEmpty();
    }

    @Test
    void brokenRoleAssignments_areInvalid() {
        String schema = schemaOf("RoleAssignmentCreated");
        EventEnvelope event = validEvent("RoleAssignmentCreated");

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("roleDefinitionId", "Owner"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("roleDefinitionId",
                "/providers/Aegis.Authorization/roleDefinitions/" + OWNER)))).isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("scope", "subscriptions/s"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("principalId", ""))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).putNull("principalId"))))
                .isNotEmpty();
    }

    @Test
    void brokenRoleDefinitions_areInvalid() {
        String schema = schemaOf("RoleDefinitionCreated");
        EventEnvelope event = validEvent("RoleDefinitionCreated");

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("builtIn", true)))).isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("id", ROLE_ID.toUpperCase()))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("roleName", "")))).isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("actions",
                "Aegis.ML/workspaces/read")))).as("a string, not a list").isNotEmpty();
        for (String action : List.of("Aegis ML/workspaces/read", "Aegis.ML//read", "/Aegis.ML/workspaces/read", "**/read")) {
            assertThat(errors(schema, edit(event, root -> ((ArrayNode) root.get("data").get("actions")).add(action))))
                    .as(action).isNotEmpty();
        }
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).putArray("assignableScopes"))))
                .as("no assignable scope").isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ArrayNode) root.get("data").get("assignableScopes")).add("/"))))
                .as("a custom role is not assignable at the root").isNotEmpty();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooMany.add("/subscriptions/sub" + i);
        }
        assertThat(errors(schema, EventJson.write(roleDefinitionEvent("RoleDefinitionCreated",
                withEntry(roleDefinition(), "assignableScopes", tooMany))))).isNotEmpty();
        assertThat(errors(schema, EventJson.write(roleDefinitionEvent("RoleDefinitionCreated",
                withEntry(roleDefinition(), "assignableScopes", tooMany.subList(0, 20)))))).isEmpty();
    }

    @Test
    void brokenServicePrincipals_areInvalid() {
        String schema = schemaOf("ServicePrincipalCreated");
        EventEnvelope event = validEvent("ServicePrincipalCreated");

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("clientId", "scoring-client"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("displayName", ""))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("displayName", "x".repeat(129)))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("createdAt", "yesterday"))))
                .isNotEmpty();
    }

    @Test
    void brokenUserAssignedIdentities_areInvalid() {
        String schema = schemaOf("UserAssignedIdentityCreated");
        EventEnvelope event = validEvent("UserAssignedIdentityCreated");

        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("type",
                "Aegis.ManagedIdentity/identities")))).isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("principalId", "not-a-uuid"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("clientId", "not-a-uuid"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).put("name", "-scoring"))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data").get("tags")).put("cost", 3))))
                .isNotEmpty();
        assertThat(errors(schema, edit(event, root -> ((ObjectNode) root.get("data")).remove("tenantId"))))
                .isNotEmpty();
    }

    // --- events as identity-service builds them ---

    private static EventEnvelope validEvent(String type) {
        if (type.startsWith("RoleAssignment")) {
            Map<String, Object> data = roleAssignment(RESOURCE_GROUP, "ServicePrincipal");
            return event(type, (String) data.get("id"), data);
        }
        if (type.startsWith("RoleDefinition")) {
            return roleDefinitionEvent(type, roleDefinition());
        }
        if (type.startsWith("ServicePrincipal")) {
            return servicePrincipalEvent(type, servicePrincipal());
        }
        if (type.startsWith("UserAssignedIdentity")) {
            return event(type, IDENTITY_ID, userAssignedIdentity());
        }
        if (type.startsWith("User")) {
            return userEvent(type, user(!"UserDisabled".equals(type)));
        }
        if (type.startsWith("SystemAssignedIdentity")) {
            return event(type, SYSTEM_IDENTITY_ID, systemAssignedIdentity());
        }
        if (type.startsWith("StorageAccount")) {
            return event(type, ACCOUNT_ID, storageAccount(null));
        }
        if (type.startsWith("StorageContainer")) {
            return event(type, CONTAINER_ID, storageContainer());
        }
        if (type.equals("StorageAccessGranted")) {
            return EventEnvelope.of(type, SOURCE, CONTAINER_ID, CORRELATION_ID,
                    new Actor("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", Actor.Kind.ManagedIdentity, IDENTITY_ID),
                    storageAccessGrant());
        }
        throw new IllegalArgumentException(type);
    }

    /** As AccessManagement.stateOf(RoleAssignment), with the id of RoleAssignment.idOf. */
    private static Map<String, Object> roleAssignment(String scope, String principalType) {
        String name = "7f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7";
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", ("/".equals(scope) ? "" : scope) + "/providers/Aegis.Authorization/roleAssignments/" + name);
        state.put("name", name);
        state.put("scope", scope);
        state.put("principalId", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        state.put("principalType", principalType);
        state.put("roleDefinitionId", OWNER);
        return state;
    }

    /** As AccessManagement.stateOf(RoleDefinition): lists as lists, description as given. */
    private static Map<String, Object> roleDefinition() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", ROLE_ID);
        state.put("roleName", "Fraud Model Reviewer");
        state.put("description", "Reads workspaces and models and calls endpoints; changes nothing.");
        state.put("actions", List.of("*/read", "Aegis.ML/workspaces/onlineEndpoints/score/action"));
        state.put("notActions", List.of("Aegis.ML/workspaces/onlineEndpoints/listKeys/action"));
        state.put("dataActions", List.of());
        state.put("notDataActions", List.of());
        state.put("assignableScopes", List.of(RESOURCE_GROUP));
        state.put("builtIn", false);
        return state;
    }

    private static EventEnvelope roleDefinitionEvent(String type, Map<String, Object> data) {
        return event(type, "/providers/Aegis.Authorization/roleDefinitions/" + data.get("id"), data);
    }

    /** As ServicePrincipals.ServicePrincipal.state(): no secret. */
    private static Map<String, Object> servicePrincipal() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("clientId", CLIENT_ID);
        state.put("principalId", "5c4b3a29-1807-4f6e-9d5c-4b3a29180706");
        state.put("displayName", "fraud-scoring-pipeline");
        state.put("createdAt", "2025-11-23T18:58:00.123Z");
        state.put("createdBy", ALICE.id());
        return state;
    }

    private static EventEnvelope servicePrincipalEvent(String type, Map<String, Object> data) {
        return event(type, "/servicePrincipals/" + data.get("clientId"), data);
    }

    /** As UserAssignedIdentity.state(tenantId). */
    private static Map<String, Object> userAssignedIdentity() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", IDENTITY_ID);
        state.put("name", "scoring-identity");
        state.put("type", "Aegis.ManagedIdentity/userAssignedIdentities");
        state.put("subscriptionId", "contoso-ml");
        state.put("resourceGroup", "rg.fraud_prod");
        state.put("clientId", UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d").toString());
        state.put("principalId", UUID.fromString("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e").toString());
        state.put("tenantId", "5d0c4a6e-2f1b-3c8d-9e7f-0a1b2c3d4e5f");
        state.put("tags", Map.of("team", "risk"));
        state.put("createdAt", Instant.parse("2025-11-23T18:58:00.123Z"));
        state.put("createdBy", ALICE.id());
        return state;
    }

    /** A Keycloak user as identity-service publishes it: ids, username, enabled; no password, no email. */
    private static Map<String, Object> user(boolean enabled) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", USER_ID);
        state.put("principalId", USER_ID);
        state.put("username", "alice");
        state.put("enabled", enabled);
        return state;
    }

    private static EventEnvelope userEvent(String type, Map<String, Object> data) {
        return event(type, "/users/" + data.get("id"), data);
    }

    /** An online endpoint's system-assigned identity, as created with the endpoint. */
    private static Map<String, Object> systemAssignedIdentity() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", SYSTEM_IDENTITY_ID);
        state.put("type", "SystemAssigned");
        state.put("boundTo", ENDPOINT_ID);
        state.put("clientId", UUID.fromString("7c6b5a49-3827-4160-9f5e-4d3c2b1a0f9e").toString());
        state.put("principalId", UUID.fromString("8d7c6b5a-4938-4271-8a6f-5e4d3c2b1a0f").toString());
        state.put("tenantId", "5d0c4a6e-2f1b-3c8d-9e7f-0a1b2c3d4e5f");
        state.put("createdAt", Instant.parse("2025-11-23T19:04:10.500Z"));
        state.put("createdBy", ALICE.id());
        return state;
    }

    /** As identity-service's StorageAccount.state(). */
    private static Map<String, Object> storageAccount(String defaultStorageOf) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("defaultStorageOf", defaultStorageOf);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", ACCOUNT_ID);
        state.put("name", "fraudstore01");
        state.put("type", "Aegis.Storage/storageAccounts");
        state.put("subscriptionId", "contoso-ml");
        state.put("resourceGroup", "rg.fraud_prod");
        state.put("properties", properties);
        state.put("tags", Map.of("team", "risk"));
        state.put("createdAt", Instant.parse("2025-11-23T18:58:00.123Z"));
        state.put("createdBy", ALICE.id());
        return state;
    }

    /** As identity-service's StorageContainer.state(). */
    private static Map<String, Object> storageContainer() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", CONTAINER_ID);
        state.put("name", "scaling-params");
        state.put("type", "Aegis.Storage/storageAccounts/containers");
        state.put("storageAccount", ACCOUNT_ID);
        state.put("createdAt", Instant.parse("2025-11-23T18:58:00.123Z"));
        state.put("createdBy", ALICE.id());
        return state;
    }

    /** As identity-service's StorageAccess.readOnlySas publishes it: never the SAS. */
    private static Map<String, Object> storageAccessGrant() {
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("container", CONTAINER_ID);
        grant.put("principalId", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e");
        grant.put("permissions", "rl");
        grant.put("expiresOn", Instant.parse("2025-11-23T19:13:00Z").toString());
        return grant;
    }

    private static EventEnvelope event(String type, String subject, Map<String, Object> data) {
        return EventEnvelope.of(type, SOURCE, subject, CORRELATION_ID, ALICE, data);
    }

    private static Map<String, Object> withEntry(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static String schemaOf(String type) {
        return "identity/" + type + ".schema.json";
    }
}
