package io.aegisml.deployment.model;

/** Where model files are kept (a blob container); the adapter is in the storage package. */
public interface ModelStore {

    /** The container's name, which scoring-service reads the models from. */
    String container();

    /** Streams {@code length} bytes into the blob, replacing it. */
    void put(String blobName, java.io.InputStream content, long length);

    void delete(String blobName);

    /** The stored file, to read as a stream (the registration checks what it stored). */
    java.io.InputStream open(String blobName);
}
