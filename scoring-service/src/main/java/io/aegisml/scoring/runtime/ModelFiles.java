package io.aegisml.scoring.runtime;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Reads model files from blob storage (Azurite locally), through azure-storage-blob. */
@Component
class ModelFiles {

    private final String connectionString;
    private volatile BlobServiceClient client;

    ModelFiles(@Value("${aegis.models.connection-string:}") String connectionString) {
        this.connectionString = connectionString;
    }

    byte[] read(String container, String blob) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalStateException("scoring-service has no blob storage configured "
                    + "(AEGIS_MODELS_CONNECTION_STRING)");
        }
        if (client == null) {
            client = new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
        }
        return client.getBlobContainerClient(container).getBlobClient(blob).downloadContent().toBytes();
    }
}
