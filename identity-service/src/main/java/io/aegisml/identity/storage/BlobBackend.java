package io.aegisml.identity.storage;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The blob account behind every Aegis storage account, through azure-storage-blob: Azurite locally,
 * Azure Blob Storage when the connection string names one. identity-service is the only holder of its
 * key; what leaves is a SAS for one container.
 */
@Component
class BlobBackend {

    private final BlobServiceClient service;

    BlobBackend(@Value("${aegis.storage.connection-string}") String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalStateException("No blob storage configured: set AEGIS_STORAGE_CONNECTION_STRING.");
        }
        this.service = new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
    }

    void create(String blobContainer) {
        service.getBlobContainerClient(blobContainer).createIfNotExists();
    }

    void delete(String blobContainer) {
        service.getBlobContainerClient(blobContainer).deleteIfExists();
    }

    void upload(String blobContainer, String blob, InputStream content, long length) {
        BlobContainerClient container = service.getBlobContainerClient(blobContainer);
        container.createIfNotExists(); // a container created before its backing one was (e.g. restored database)
        container.getBlobClient(blob).upload(content, length, true);
    }

    List<Map<String, Object>> list(String blobContainer) {
        BlobContainerClient container = service.getBlobContainerClient(blobContainer);
        if (!container.exists()) {
            return List.of();
        }
        return container.listBlobs().stream().map(BlobBackend::describe).toList();
    }

    /** The blob's content, empty if there is no such blob. */
    Optional<byte[]> download(String blobContainer, String blob) {
        try {
            return Optional.of(service.getBlobContainerClient(blobContainer).getBlobClient(blob).downloadContent()
                    .toBytes());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A blob to stream, with its length; empty if there is no such blob. */
    Optional<Opened> open(String blobContainer, String blob) {
        try {
            var client = service.getBlobContainerClient(blobContainer).getBlobClient(blob);
            long length = client.getProperties().getBlobSize();
            return Optional.of(new Opened(length, client.openInputStream()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public record Opened(long length, InputStream content) {
    }

    boolean deleteBlob(String blobContainer, String blob) {
        return service.getBlobContainerClient(blobContainer).getBlobClient(blob).deleteIfExists();
    }

    record Sas(String containerUrl, String token, OffsetDateTime expiresOn) {
    }

    /** Read and list, on this one container, for {@code validity}; signed with the account key, which stays here. */
    Sas readOnlySas(String blobContainer, Duration validity) {
        BlobContainerClient container = service.getBlobContainerClient(blobContainer);
        OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plus(validity);
        String token = container.generateSas(new BlobServiceSasSignatureValues(expiry,
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        return new Sas(container.getBlobContainerUrl(), token, expiry);
    }

    private static Map<String, Object> describe(BlobItem item) {
        Map<String, Object> blob = new LinkedHashMap<>();
        blob.put("name", item.getName());
        blob.put("size", item.getProperties().getContentLength());
        blob.put("lastModified", String.valueOf(item.getProperties().getLastModified()));
        return blob;
    }
}
