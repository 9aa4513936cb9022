package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The refusals of the APIs scoring scripts brought (code versions, custom models, environments, blob reads with a
 * managed identity's token): each a 4xx with a JSON (or, for storage, Storage's XML) body, never a 500.
 */
@ExtendWith(StackExtension.class)
class ScriptAssetRefusalsE2EIT {

    private static final Map<String, String> BYTES = Map.of("Content-Type", "application/octet-stream");

    @Test
    void codeModelAndEnvironmentUploadsRefuseWhatTheyCannotTake(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        String owner = new Tokens(stack).admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String workspace = "/api/subscriptions/sub-refusals/resourceGroups/rg-" + run + "/workspaces/ws";
        assertThat(api.put(workspace, owner, "{}").status()).isEqualTo(201);

        Api.Response notAZip = api.sendBytes("PUT", workspace + "/codes/c/versions/1", owner, "print('hi')".getBytes(), BYTES);
        assertThat(notAZip.status()).isEqualTo(400);
        assertThat(notAZip.json().get("error").get("message").asString()).contains("zip");
        byte[] zip = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(api.sendBytes("PUT", workspace + "/codes/c/versions/1", owner, zip, BYTES).status()).isEqualTo(201);
        assertThat(api.sendBytes("PUT", workspace + "/codes/c/versions/1", owner, zip, BYTES).status()).isEqualTo(409);
        assertThat(api.get(workspace + "/codes/c/versions/2", owner).status()).isEqualTo(404);
        assertThat(api.sendBytes("PUT", workspace + "/codes/c/versions/2", null, zip, BYTES).status()).isEqualTo(401);

        for (String query : new String[] {"?type=pickle&path=m.pkl", "?type=custom_model", "?type=custom_model&path=../x",
                "?path=m.onnx", "?type=custom_model&path=m&folder=true"}) {
            Api.Response refused = api.sendBytes("PUT", workspace + "/models/m/versions/1" + query, owner,
                    "not a zip, not onnx".getBytes(), BYTES);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().get("error").get("message").asString()).as(query).isNotBlank();
        }

        Api.Response path = api.put(workspace + "/environments/e/versions/1", owner, "{\"conda_file\": \"./conda.yaml\"}");
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.json().get("error").get("message").asString()).contains("content");
        assertThat(api.put(workspace + "/environments/e/versions/1", owner, "{\"flavour\": 1}").status()).isEqualTo(400);
        assertThat(api.put(workspace + "/environments/e/versions/1", owner, "{\"image\": \"python:3.11\"}").status())
                .isEqualTo(201);
        assertThat(api.put(workspace + "/environments/e/versions/1", owner, "{\"image\": \"python:3.11\"}").status())
                .isEqualTo(409);

        // A deployment naming code, an environment or a model of another workspace, or none registered: 400.
        assertThat(api.put(workspace + "/onlineEndpoints/refusals-" + run, owner, "{\"auth_mode\": \"key\"}").status())
                .isEqualTo(201);
        String deployment = workspace + "/onlineEndpoints/refusals-" + run + "/deployments/blue";
        for (String body : new String[] {
                "{\"model\": \"azureml:nothing:1\"}",
                "{\"model\": \"/subscriptions/other/resourceGroups/rg/workspaces/ws/models/m/versions/1\"}",
                "{\"model\": \"azureml:m:1\", \"code_configuration\": {\"code\": \"./src\", \"scoring_script\": \"score.py\"}}"}) {
            Api.Response refused = api.put(deployment, owner, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
        }
    }

    @Test
    void blobReadsWithoutAValidManagedIdentityTokenAreRefusedInStoragesWords(AegisStack stack) {
        Api identity = new Api(stack.serviceUrl(Service.IDENTITY));
        String path = "/internal/storage/blobs/nosuchaccount/container/file.txt";
        Api.Response anonymous = identity.send("GET", path, null, null, Map.of("x-ms-version", "2019-02-02"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).contains("<Code>InvalidAuthenticationInfo</Code>");
        // A Keycloak token (the platform administrator's) is not a managed identity's token for storage.
        Api.Response wrongKind = identity.send("GET", path, new Tokens(stack).admin(), null,
                Map.of("x-ms-version", "2019-02-02"));
        assertThat(wrongKind.status()).isEqualTo(401);
        assertThat(wrongKind.body()).doesNotContain("Jwt", "Exception", "Signed");
        assertThat(identity.send("GET", path, "not.a.token", null, Map.of()).status()).isEqualTo(401);
    }
}
