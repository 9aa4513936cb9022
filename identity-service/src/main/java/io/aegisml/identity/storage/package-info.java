/**
 * Storage accounts, containers and blobs as resources under a resource group (their ids are RBAC
 * scopes), backed by one blob account through azure-storage-blob; and the read-only, container-scoped
 * SAS that a principal holding the blob read action receives instead of any account key.
 */
package io.aegisml.identity.storage;
