package io.aegisml.deployment.storage;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.aegisml.deployment.model.ModelStore;
import java.io.InputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Model files in a blob container, through azure-storage-blob: Azurite locally, Azure Blob Storage
 * when the connection string says so. The container is created on first use.
 */
@Component
class BlobModelStore implements ModelStore {

    private final BlobContainerClient container;

    BlobModelStore(@Value("${aegis.models.connection-string}") String connectionString,
                   @Value("${aegis.models.container}") String container) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalStateException("No blob storage configured for models: set AEGIS_MODELS_CONNECTION_STRING.");
        }
        this.container = new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient(container);
    }

    @Override
    public String container() {
        return container.getBlobContainerName();
    }

    @Override
    public void put(String blobName, InputStream content, long length) {
        container.createIfNotExists();
        container.getBlobClient(blobName).upload(content, length, true);
    }

    @Override
    public InputStream open(String blobName) {
        return container.getBlobClient(blobName).openInputStream();
    }

    @Override
    public void delete(String blobName) {
        container.getBlobClient(blobName).deleteIfExists();
    }
}
