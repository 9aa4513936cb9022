package io.aegisml.scoring.identity;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The init step of seed 000's scoring script, for deployments configured with {@code STORAGE_ACCOUNT_NAME},
 * {@code STORAGE_CONTAINER_NAME} and {@code FILE_NAME} (and {@code UAI_CLIENT_ID} for a user-assigned
 * identity). It sees only the runtime's environment, as user code would: it asks {@code MSI_ENDPOINT}
 * for a storage token, exchanges the token at {@code AEGIS_SAS_ENDPOINT} for a read-only SAS of that
 * container, and reads the file with azure-storage-blob. The deployment's log says what was read — its
 * size and SHA-256, never its content: whoever may read the deployment's log (a Reader) need not be
 * allowed to read the data the identity reads.
 */
public final class StorageFileInit {

    public static final String STORAGE_RESOURCE = "https://storage.azure.com/";
    private static final int DENIAL_ATTEMPTS = 3;
    private static final Duration DENIAL_RETRY = Duration.ofMillis(1500);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The step failed; {@code getMessage()} is the line that says why, for the deployment's log. */
    public static final class InitFailed extends Exception {
        InitFailed(String message) {
            super(message);
        }
    }

    private StorageFileInit() {
    }

    /** Whether the deployment asks for this step at all. */
    public static boolean configured(Map<String, String> environment) {
        return environment.containsKey("STORAGE_ACCOUNT_NAME") || environment.containsKey("STORAGE_CONTAINER_NAME")
                || environment.containsKey("FILE_NAME");
    }

    /** Runs the step; the lines it logs, or {@link InitFailed} with the line that explains the failure. */
    public static List<String> run(Map<String, String> environment) throws InitFailed, InterruptedException {
        String account = required(environment, "STORAGE_ACCOUNT_NAME");
        String container = required(environment, "STORAGE_CONTAINER_NAME");
        String file = required(environment, "FILE_NAME");
        String clientId = environment.get("UAI_CLIENT_ID");
        List<String> lines = new ArrayList<>();

        String url = required(environment, "MSI_ENDPOINT") + "?resource="
                + URLEncoder.encode(STORAGE_RESOURCE, StandardCharsets.UTF_8)
                + (clientId == null ? "" : "&clientid=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        JsonNode token = call(HttpRequest.newBuilder(URI.create(url)).header("Metadata", "true")
                .header("secret", required(environment, "MSI_SECRET")).GET(), "MSI_ENDPOINT");
        lines.add("Init: obtained a token of the " + (clientId == null ? "endpoint's managed identity"
                : "user-assigned identity " + clientId) + " from MSI_ENDPOINT");

        Map<String, Object> ask = new LinkedHashMap<>();
        ask.put("account", account);
        ask.put("container", container);
        HttpRequest.Builder exchange = HttpRequest.newBuilder(URI.create(required(environment, "AEGIS_SAS_ENDPOINT")))
                .header("Authorization", "Bearer " + token.path("access_token").asString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(ask)));
        JsonNode sas;
        for (int attempt = 1; ; attempt++) {
            try {
                sas = call(exchange, "the SAS exchange");
                break;
            } catch (InitFailed refused) {
                // A role granted a moment ago reaches identity-service's view within a second or so (as
                // Azure's take minutes): a refusal is retried briefly before it fails the deployment.
                if (!refused.getMessage().contains("HTTP 403") || attempt == DENIAL_ATTEMPTS) {
                    throw refused;
                }
                lines.add("Init: access refused, retrying in case a role assignment is still taking effect");
                Thread.sleep(DENIAL_RETRY.toMillis());
            }
        }
        lines.add("Init: exchanged it for a read-only SAS of " + sas.path("container").asString() + ", valid until "
                + sas.path("expiresOn").asString());

        BlobContainerClient blobs = new BlobContainerClientBuilder().endpoint(sas.path("containerUrl").asString())
                .sasToken(sas.path("sasToken").asString()).buildClient();
        byte[] content;
        try {
            content = blobs.getBlobClient(file).downloadContent().toBytes();
        } catch (BlobStorageException e) {
            throw new InitFailed("Init failed: reading " + file + " from " + account + "/" + container + " answered "
                    + e.getStatusCode() + " " + e.getErrorCode());
        }
        lines.add("Init: read " + file + " from " + account + "/" + container + " (" + content.length + " bytes, SHA-256 "
                + sha256(content) + ")");
        return lines;
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode call(HttpRequest.Builder request, String what) throws InitFailed, InterruptedException {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InitFailed("Init failed: " + what + " could not be reached: " + e.getMessage());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw new InitFailed("Init failed: " + what + " answered HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new InitFailed("Init failed: " + what + " answered HTTP " + response.statusCode() + ": "
                    + body.path("error").path("message").asString(response.body()));
        }
        return body;
    }

    private static String required(Map<String, String> environment, String name) throws InitFailed {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new InitFailed("Init failed: environment variable " + name + " is not set");
        }
        return value;
    }
}
