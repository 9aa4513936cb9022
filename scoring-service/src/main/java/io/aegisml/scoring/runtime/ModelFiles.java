package io.aegisml.scoring.runtime;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Reads model files from blob storage (Azurite locally), through azure-storage-blob. */
@Component
public class ModelFiles {

    private final String connectionString;
    private volatile BlobServiceClient client;

    ModelFiles(@Value("${aegis.models.connection-string:}") String connectionString) {
        this.connectionString = connectionString;
    }

    /** A model file copied to disk: where it is, its size and SHA-256. */
    public record Fetched(java.nio.file.Path file, long bytes, String sha256) {
    }

    /**
     * Streams the blob into {@code file}, hashing it on the way and stopping past {@code maxBytes}: a model
     * is never whole in the Java heap (ONNX Runtime reads it from the file into native memory).
     */
    public Fetched fetch(String container, String blob, java.nio.file.Path file, long maxBytes) throws java.io.IOException {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalStateException("scoring-service has no blob storage configured "
                    + "(AEGIS_MODELS_CONNECTION_STRING)");
        }
        if (client == null) {
            client = new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
        }
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long total = 0;
        try (java.io.InputStream in = client.getBlobContainerClient(container).getBlobClient(blob).openInputStream();
             java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IllegalStateException("the model file is larger than the limit of " + maxBytes + " bytes");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return new Fetched(file, total, java.util.HexFormat.of().formatHex(digest.digest()));
    }
}
