/** The blob-storage adapter (azure-storage-blob) for model files. */
package io.aegisml.deployment.storage;
