package io.aegisml.identity.storage;

import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import io.aegisml.security.rbac.AccessDecision;
import io.aegisml.security.rbac.AccessPolicy;
import io.aegisml.security.rbac.Actions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the rest of identity-service asks of storage: a workspace's default account, and a SAS for a
 * container once the asker's role assignments allow reading its blobs.
 */
@Service
public class StorageAccess {

    private final StorageLifecycle lifecycle;
    private final StorageAccounts accounts;
    private final BlobBackend blobs;
    private final IdentityEvents events;
    private final TransactionTemplate transaction;

    StorageAccess(StorageLifecycle lifecycle, StorageAccounts accounts, BlobBackend blobs, IdentityEvents events,
                  TransactionTemplate transaction) {
        this.lifecycle = lifecycle;
        this.accounts = accounts;
        this.blobs = blobs;
        this.events = events;
        this.transaction = transaction;
    }

    /** The resource id of the workspace's default storage account (whether or not it exists yet). */
    public static String defaultAccountIdOf(String sub, String rg, String workspace, String workspaceId) {
        return StorageNames.accountId(sub, rg, StorageNames.defaultAccountName(workspace, workspaceId));
    }

    /** Creates the workspace's default storage account if it has none; called with the workspace's creation. */
    public String ensureWorkspaceDefault(String sub, String rg, String workspace, String workspaceId, Actor caller,
                                         String correlationId) {
        String id = defaultAccountIdOf(sub, rg, workspace, workspaceId);
        if (accounts.find(id).isEmpty()) {
            lifecycle.putAccount(sub, rg, StorageNames.defaultAccountName(workspace, workspaceId), workspaceId,
                    Map.of(), caller, correlationId);
        }
        return id;
    }

    /** A SAS was issued, or why not. */
    public sealed interface SasOutcome {
        record Issued(Map<String, Object> body) implements SasOutcome {
        }

        record NoSuchContainer(String message) implements SasOutcome {
        }

        record Denied(AccessDecision decision) implements SasOutcome {
        }
    }

    /** What a blob read with a managed identity's token comes to. */
    public sealed interface BlobOutcome {
        record Found(BlobBackend.Opened blob) implements BlobOutcome {
        }

        record NotFound(String message) implements BlobOutcome {
        }

        record Denied(AccessDecision decision) implements BlobOutcome {
        }
    }

    /**
     * Blob {@code blob} of container {@code container} of account {@code account}, if {@code principalId} holds the
     * blob read action there or above — the same check as the SAS exchange, and told in the same order: whether a
     * container or blob exists only to those who may read it.
     */
    public BlobOutcome readBlob(String account, String container, String blob, String principalId, AccessPolicy policy) {
        Optional<StorageAccount> owner = accounts.named(StorageNames.account(account));
        if (owner.isEmpty()) {
            return new BlobOutcome.NotFound("No storage account '" + account + "'.");
        }
        String containerId = owner.get().id() + "/containers/" + StorageNames.container(container);
        AccessDecision decision = policy.decide(principalId, Actions.BLOBS_READ, containerId);
        if (!decision.allowed()) {
            return new BlobOutcome.Denied(decision);
        }
        Optional<StorageContainer> target = accounts.container(containerId);
        Optional<BlobBackend.Opened> opened = target.flatMap(t -> blobs.open(t.blobContainer(), StorageNames.blob(blob)));
        return opened.<BlobOutcome>map(BlobOutcome.Found::new).orElseGet(() -> new BlobOutcome.NotFound(
                "No blob '" + blob + "' in container '" + container + "' of storage account '" + account + "'."));
    }

    /**
     * A read-only SAS for container {@code container} of account {@code account} (names, as a runtime
     * knows them from its environment), if {@code principalId} may read its blobs there or above. The
     * grant, never the SAS, is an event: who read which container, until when.
     */
    public SasOutcome readOnlySas(String account, String container, String principalId, Actor actor,
                                  AccessPolicy policy, Duration validity, String correlationId) {
        Optional<StorageAccount> owner = accounts.named(StorageNames.account(account));
        String name = StorageNames.container(container);
        if (owner.isEmpty()) {
            return new SasOutcome.NoSuchContainer("No storage account '" + account + "'.");
        }
        // The role first: whether a container exists is only told to those who may read it.
        String containerId = owner.get().id() + "/containers/" + name;
        AccessDecision decision = policy.decide(principalId, Actions.BLOBS_READ, containerId);
        if (!decision.allowed()) {
            return new SasOutcome.Denied(decision);
        }
        Optional<StorageContainer> target = accounts.container(containerId);
        if (target.isEmpty()) {
            return new SasOutcome.NoSuchContainer("No container '" + container + "' in storage account '" + account
                    + "'.");
        }
        BlobBackend.Sas sas = blobs.readOnlySas(target.get().blobContainer(), validity);
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("container", target.get().id());
        grant.put("principalId", principalId);
        grant.put("permissions", "rl");
        grant.put("expiresOn", sas.expiresOn().toInstant().toString());
        transaction.executeWithoutResult(status ->
                events.publish("StorageAccessGranted", target.get().id(), grant, actor, correlationId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("containerUrl", sas.containerUrl());
        body.put("sasToken", sas.token());
        body.put("permissions", "rl");
        body.put("expiresOn", sas.expiresOn().toInstant().toString());
        body.put("container", target.get().id());
        return new SasOutcome.Issued(body);
    }
}
