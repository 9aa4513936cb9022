package io.aegisml.deployment.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisml.deployment.documents.Documents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

/** Azure's endpoint and deployment documents, as users write them, and what is refused with a named reason. */
class EndpointDocumentsTest {

    @Test
    void anAzureEndpointFileGetsAzuresDefaults() {
        Map<String, Object> spec = EndpointSpecs.read(yaml("""
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
                name: my-endpoint
                """), "my-endpoint");
        assertThat(spec).containsEntry("auth_mode", "key").containsEntry("public_network_access", "enabled");
        assertThat(spec.get("identity")).isEqualTo(Map.of("type", "system_assigned", "user_assigned_identities", List.of()));
    }

    /** Names are case-insensitive: the path is lower-cased, and so are the names a document gives. */
    @Test
    void namesInADocumentFollowTheOneCaseRule() {
        Map<String, Object> spec = EndpointSpecs.read(yaml("""
                name: Fraud-Scorer
                traffic: {Blue: 90, green: 10}
                identity:
                  type: user_assigned
                  user_assigned_identities:
                    - resource_id: /subscriptions/S/resourceGroups/G/userAssignedIdentities/Reader
                """), "fraud-scorer");
        assertThat(spec.get("traffic")).isEqualTo(Map.of("blue", 90, "green", 10));
        assertThat(spec.get("identity")).isEqualTo(Map.of("type", "user_assigned", "user_assigned_identities",
                List.of(Map.of("resource_id", "/subscriptions/s/resourceGroups/g/userAssignedIdentities/reader"))));
    }

    @Test
    void allowedNetworksAreCanonicalRangesAndNothingElse() {
        Map<String, Object> spec = EndpointSpecs.read(yaml("""
                name: ep
                public_network_access: disabled
                network_acls:
                  ip_rules:
                    - value: 10.1.2.3/16
                    - value: 10.1.0.0/16
                    - value: 127.0.0.2
                """), "ep");
        assertThat(spec.get("network_acls")).isEqualTo(Map.of("ip_rules",
                List.of(Map.of("value", "10.1.0.0/16"), Map.of("value", "127.0.0.2/32"))));
        assertThat(EndpointSpecs.read(yaml("name: ep\n"), "ep").get("network_acls")).isEqualTo(Map.of("ip_rules", List.of()));
        // A host name would make every check a DNS lookup an attacker could steer; it is not a range.
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nnetwork_acls: {ip_rules: [{value: attacker.example}]}\n"), "ep"),
                "ip_rules");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nnetwork_acls: {ip_rules: [{value: 10.0.0.0/33}]}\n"), "ep"),
                "prefix length");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nnetwork_acls: {ip_rules: [~]}\n"), "ep"), "ip_rules");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nnetwork_acls: {default_action: Allow}\n"), "ep"),
                "default_action");
        String tooMany = "name: ep\nnetwork_acls:\n  ip_rules:\n" + "    - value: 10.0.0.1\n".repeat(EndpointSpecs.MAX_IP_RULES + 1);
        assertRefused(() -> EndpointSpecs.read(yaml(tooMany), "ep"), "at most");
    }

    @Test
    void aUserAssignedIdentityIsNamedByItsResourceId() {
        Map<String, Object> spec = EndpointSpecs.read(yaml("""
                name: ep
                auth_mode: aml_token
                identity:
                  type: user_assigned
                  user_assigned_identities:
                    - resource_id: /subscriptions/s/resourceGroups/g/userAssignedIdentities/reader
                """), "ep");
        assertThat(spec.get("identity").toString()).contains("/userAssignedIdentities/reader");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nidentity: {type: user_assigned}\n"), "ep"),
                "user_assigned_identities");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nidentity: {type: user_assigned, "
                + "user_assigned_identities: [{resource_id: /not/an/identity}]}\n"), "ep"), "resource_id");
    }

    @Test
    void typosWrongValuesAndAnotherNameAreRefusedByName() {
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nauth_mod: key\n"), "ep"), "'auth_mod' is not a known field");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nauth_mode: password\n"), "ep"), "'auth_mode' must be one of");
        assertRefused(() -> EndpointSpecs.read(yaml("name: other\n"), "ep"), "'name'");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\ntraffic: {blue: 120}\n"), "ep"), "'traffic.blue'");
        assertRefused(() -> EndpointSpecs.read(yaml("name: ep\nmirror_traffic: {green: 60}\n"), "ep"), "mirror_traffic.green");
    }

    @Test
    void trafficMustNameDeploymentsAndAddUpToAHundred() {
        List<OnlineDeployment> deployments = List.of(deployment("blue"), deployment("green"));
        EndpointLifecycle.checkTraffic(spec(Map.of("blue", 90, "green", 10), Map.of()), deployments);
        EndpointLifecycle.checkTraffic(spec(Map.of("blue", 0), Map.of()), deployments);
        EndpointLifecycle.checkTraffic(spec(Map.of("blue", 100), Map.of("green", 50)), deployments);
        assertRefused(() -> EndpointLifecycle.checkTraffic(spec(Map.of("blue", 90), Map.of()), deployments), "add up to 90");
        assertRefused(() -> EndpointLifecycle.checkTraffic(spec(Map.of("gold", 100), Map.of()), deployments), "'gold'");
        assertRefused(() -> EndpointLifecycle.checkTraffic(spec(Map.of("blue", 100), Map.of("blue", 10)), deployments),
                "cannot also be the mirror target");
    }

    @Test
    void aDeploymentFileKeepsAzuresSettingsAndBounds() {
        DeploymentSpecs.Read read = DeploymentSpecs.read(yaml("""
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
                name: blue
                endpoint_name: ep
                model: azureml:my-model:1
                code_configuration: {code: ./onlinescoring/, scoring_script: score.py}
                environment: azureml:sklearn:1
                environment_variables: {STORAGE_ACCOUNT_NAME: account, FILE_NAME: hello.txt}
                instance_type: Standard_DS2_v2
                instance_count: 2
                request_settings: {request_timeout_ms: 3000, max_concurrent_requests_per_instance: 4}
                """), "ep", "blue");
        assertThat(read.modelReference()).isEqualTo("azureml:my-model:1");
        assertThat(read.spec()).containsEntry("instance_count", 2).containsKey("code_configuration");
        assertThat(read.spec().get("request_settings").toString()).contains("request_timeout_ms=3000",
                "max_concurrent_requests_per_instance=4");
        assertRefused(() -> DeploymentSpecs.read(yaml("name: blue\n"), "ep", "blue"), "'model' is required");
        assertRefused(() -> DeploymentSpecs.read(yaml("model: m:1\ninstance_count: 0\n"), "ep", "blue"), "'instance_count'");
        assertRefused(() -> DeploymentSpecs.read(yaml("model: m:1\nrequest_settings: {request_timeout_ms: 999999}\n"),
                "ep", "blue"), "'request_settings.request_timeout_ms'");
        assertRefused(() -> DeploymentSpecs.read(yaml("model: m:1\nendpoint_name: other\n"), "ep", "blue"), "endpoint_name");
    }

    @Test
    void unreadableDocumentsAreA400() {
        assertRefused(() -> Documents.parse("application/json", "{\"name\": ".getBytes(StandardCharsets.UTF_8)),
                "not a valid JSON document");
        assertRefused(() -> Documents.parse("application/yaml", "name: [unclosed".getBytes(StandardCharsets.UTF_8)),
                "not a valid YAML document");
        assertRefused(() -> Documents.parse("application/json", "name: ep".getBytes(StandardCharsets.UTF_8)),
                "application/yaml");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ResponseStatusException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.getReason()).contains(fragment);
        });
    }

    private static Map<String, Object> yaml(String text) {
        return Documents.parse("application/yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> spec(Map<String, Integer> traffic, Map<String, Integer> mirror) {
        return Map.of("traffic", traffic, "mirror_traffic", mirror);
    }

    private static OnlineDeployment deployment(String name) {
        return new OnlineDeployment("/e/deployments/" + name, "/e", name, Map.of(), "/m", 1, "Succeeded", null,
                Instant.EPOCH, "me", Instant.EPOCH);
    }
}
