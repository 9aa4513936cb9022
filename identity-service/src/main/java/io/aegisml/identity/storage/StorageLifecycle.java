package io.aegisml.identity.storage;

import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Accounts and containers: each row and its event commit together. A container's blob container is
 * created before its row (so that a container that exists can be written to) and removed after it.
 */
@Service
class StorageLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StorageLifecycle.class);

    private final StorageAccounts accounts;
    private final BlobBackend blobs;
    private final IdentityEvents events;
    private final TransactionTemplate transaction;

    StorageLifecycle(StorageAccounts accounts, BlobBackend blobs, IdentityEvents events, TransactionTemplate transaction) {
        this.accounts = accounts;
        this.blobs = blobs;
        this.events = events;
        this.transaction = transaction;
    }

    record Put<T>(T resource, boolean created) {
    }

    /** Creates the account, or updates its tags; 409 if its name is taken by an account elsewhere. */
    Put<StorageAccount> putAccount(String sub, String rg, String name, String defaultStorageOf, Map<String, String> tags,
                                   Actor caller, String correlationId) {
        String id = StorageNames.accountId(sub, rg, name);
        return transaction.execute(status -> {
            Optional<StorageAccount> sameName = accounts.named(name);
            if (sameName.isPresent() && !sameName.get().id().equals(id)) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "The storage account name '" + name
                        + "' is already taken: account names are unique across all subscriptions, as in Azure.");
            }
            StorageAccount fresh = new StorageAccount(id, sub, rg, name,
                    sameName.map(StorageAccount::defaultStorageOf).orElse(defaultStorageOf), tags, now(), caller.id());
            boolean created = accounts.upsert(fresh);
            StorageAccount account = accounts.find(id).orElseThrow();
            events.publish(created ? "StorageAccountCreated" : "StorageAccountUpdated", id, account.state(), caller,
                    correlationId);
            return new Put<>(account, created);
        });
    }

    /** Its containers and their blobs go with it. Empty if there was none. */
    Optional<StorageAccount> deleteAccount(String id, Actor caller, String correlationId) {
        Optional<StorageAccount> account = accounts.find(id);
        account.ifPresent(a -> {
            for (StorageContainer c : accounts.containers(a.id())) {
                deleteContainer(c, caller, correlationId);
            }
            transaction.executeWithoutResult(status -> {
                accounts.delete(a.id());
                events.publish("StorageAccountDeleted", a.id(), a.state(), caller, correlationId);
            });
        });
        return account;
    }

    Put<StorageContainer> putContainer(StorageAccount account, String name, Actor caller, String correlationId) {
        String id = account.id() + "/containers/" + StorageNames.container(name);
        Optional<StorageContainer> existing = accounts.container(id);
        if (existing.isPresent()) {
            return new Put<>(existing.get(), false);
        }
        StorageContainer fresh = new StorageContainer(id, account.id(), name, StorageNames.blobContainerOf(id), now(),
                caller.id());
        blobs.create(fresh.blobContainer());
        boolean created = Boolean.TRUE.equals(transaction.execute(status -> {
            boolean inserted = accounts.insert(fresh);
            if (inserted) {
                events.publish("StorageContainerCreated", id, fresh.state(), caller, correlationId);
            }
            return inserted;
        }));
        return new Put<>(accounts.container(id).orElseThrow(), created);
    }

    Optional<StorageContainer> deleteContainer(String id, Actor caller, String correlationId) {
        Optional<StorageContainer> container = accounts.container(id);
        container.ifPresent(c -> deleteContainer(c, caller, correlationId));
        return container;
    }

    private void deleteContainer(StorageContainer c, Actor caller, String correlationId) {
        transaction.executeWithoutResult(status -> {
            accounts.deleteContainer(c.id());
            events.publish("StorageContainerDeleted", c.id(), c.state(), caller, correlationId);
        });
        try {
            blobs.delete(c.blobContainer());
        } catch (RuntimeException e) {
            // The container is gone for Aegis (no SAS can be issued for it); its blobs are orphaned, not exposed.
            log.warn("Blob container {} of deleted container {} could not be removed: {}", c.blobContainer(), c.id(),
                    e.getMessage());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
