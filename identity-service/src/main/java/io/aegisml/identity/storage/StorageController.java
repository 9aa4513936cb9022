package io.aegisml.identity.storage;

import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import io.aegisml.security.web.ResourceNames;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/subscriptions/{sub}/resourceGroups/{rg}/storageAccounts[/{a}[/containers[/{c}[/blobs[/{b}]]]]]},
 * like {@code az storage account|container|blob}. Accounts and containers are management operations
 * (Owner, Contributor); blobs need the data actions (Owner, Storage Blob Data Reader / Contributor).
 */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/storageAccounts")
class StorageController {

    private final StorageLifecycle lifecycle;
    private final StorageAccounts accounts;
    private final BlobBackend blobs;
    private final long maxBlobBytes;

    StorageController(StorageLifecycle lifecycle, StorageAccounts accounts, BlobBackend blobs,
                      @Value("${aegis.storage.max-blob-bytes}") long maxBlobBytes) {
        this.lifecycle = lifecycle;
        this.accounts = accounts;
        this.blobs = blobs;
        this.maxBlobBytes = maxBlobBytes;
    }

    /** Azure's templates carry more (location, sku, kind): accepted and ignored, one blob service serves all. */
    record AccountRequest(Map<String, String> tags) {
    }

    @PutMapping("/{account}")
    ResponseEntity<Map<String, Object>> putAccount(@PathVariable String sub, @PathVariable String rg,
                                                   @PathVariable String account,
                                                   @RequestBody(required = false) AccountRequest body,
                                                   @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        StorageNames.accountId(sub, rg, account);
        Map<String, String> tags = body == null || body.tags() == null ? Map.of() : body.tags();
        if (tags.size() > 50) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "At most 50 tags are allowed.");
        }
        StorageLifecycle.Put<StorageAccount> put = lifecycle.putAccount(sub, rg, account, null, tags,
                Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK).body(put.resource().state());
    }

    @GetMapping("/{account}")
    Map<String, Object> getAccount(@PathVariable String sub, @PathVariable String rg, @PathVariable String account) {
        return account(sub, rg, account).state();
    }

    @GetMapping
    Map<String, List<Map<String, Object>>> listAccounts(@PathVariable String sub, @PathVariable String rg) {
        ResourceNames.require("subscription", sub);
        ResourceNames.require("resource group", rg);
        return Map.of("value", accounts.inResourceGroup(sub, rg).stream().map(StorageAccount::state).toList());
    }

    @DeleteMapping("/{account}")
    ResponseEntity<Void> deleteAccount(@PathVariable String sub, @PathVariable String rg, @PathVariable String account,
                                       @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        boolean deleted = lifecycle.deleteAccount(StorageNames.accountId(sub, rg, account), Callers.actorOf(caller),
                RequestIdFilter.correlationId(request)).isPresent();
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    @PutMapping("/{account}/containers/{container}")
    ResponseEntity<Map<String, Object>> putContainer(@PathVariable String sub, @PathVariable String rg,
                                                     @PathVariable String account, @PathVariable String container,
                                                     @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        StorageNames.container(container);
        StorageLifecycle.Put<StorageContainer> put = lifecycle.putContainer(account(sub, rg, account), container,
                Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK).body(put.resource().state());
    }

    @GetMapping("/{account}/containers/{container}")
    Map<String, Object> getContainer(@PathVariable String sub, @PathVariable String rg, @PathVariable String account,
                                     @PathVariable String container) {
        return container(sub, rg, account, container).state();
    }

    @GetMapping("/{account}/containers")
    Map<String, List<Map<String, Object>>> listContainers(@PathVariable String sub, @PathVariable String rg,
                                                          @PathVariable String account) {
        return Map.of("value", accounts.containers(account(sub, rg, account).id()).stream()
                .map(StorageContainer::state).toList());
    }

    @DeleteMapping("/{account}/containers/{container}")
    ResponseEntity<Void> deleteContainer(@PathVariable String sub, @PathVariable String rg, @PathVariable String account,
                                         @PathVariable String container, @AuthenticationPrincipal Jwt caller,
                                         HttpServletRequest request) {
        boolean deleted = lifecycle.deleteContainer(StorageNames.containerId(sub, rg, account, container),
                Callers.actorOf(caller), RequestIdFilter.correlationId(request)).isPresent();
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    /** The body is the blob's content, streamed through to storage. */
    @PutMapping(path = "/{account}/containers/{container}/blobs/{blob}")
    ResponseEntity<Map<String, Object>> upload(@PathVariable String sub, @PathVariable String rg,
                                               @PathVariable String account, @PathVariable String container,
                                               @PathVariable String blob, HttpServletRequest request) throws IOException {
        StorageContainer target = container(sub, rg, account, container);
        StorageNames.blob(blob);
        long length = request.getContentLengthLong();
        if (length < 0) {
            throw new ResponseStatusException(HttpStatus.LENGTH_REQUIRED, "Send the blob's content as the body, "
                    + "with its Content-Length.");
        }
        if (length > maxBlobBytes) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The blob is larger than the limit of "
                    + maxBlobBytes + " bytes.");
        }
        blobs.upload(target.blobContainer(), blob, request.getInputStream(), length);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", blob, "container", target.id(),
                "size", length));
    }

    @GetMapping("/{account}/containers/{container}/blobs")
    Map<String, List<Map<String, Object>>> listBlobs(@PathVariable String sub, @PathVariable String rg,
                                                     @PathVariable String account, @PathVariable String container) {
        return Map.of("value", blobs.list(container(sub, rg, account, container).blobContainer()));
    }

    @GetMapping(path = "/{account}/containers/{container}/blobs/{blob}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    byte[] download(@PathVariable String sub, @PathVariable String rg, @PathVariable String account,
                    @PathVariable String container, @PathVariable String blob) {
        StorageContainer source = container(sub, rg, account, container);
        return blobs.download(source.blobContainer(), StorageNames.blob(blob)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No blob '" + blob + "' in " + source.id() + "."));
    }

    @DeleteMapping("/{account}/containers/{container}/blobs/{blob}")
    ResponseEntity<Void> deleteBlob(@PathVariable String sub, @PathVariable String rg, @PathVariable String account,
                                    @PathVariable String container, @PathVariable String blob) {
        boolean deleted = blobs.deleteBlob(container(sub, rg, account, container).blobContainer(), StorageNames.blob(blob));
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    private StorageAccount account(String sub, String rg, String account) {
        String id = StorageNames.accountId(sub, rg, account);
        return accounts.find(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No storage account " + id + "."));
    }

    private StorageContainer container(String sub, String rg, String account, String container) {
        String id = StorageNames.containerId(sub, rg, account, container);
        return accounts.container(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No container " + id + "."));
    }
}
