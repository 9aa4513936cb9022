package io.aegisml.deployment.code;

import io.aegisml.deployment.DeploymentEvents;
import io.aegisml.deployment.WorkspaceId;
import io.aegisml.deployment.model.ModelStore;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Code versions, as {@code az ml code} keeps them: a deployment's code folder uploaded as a zip (the body of the
 * PUT), streamed to blob storage and hashed, never changed afterwards. What is inside is the scoring workers' to
 * unpack, as untrusted input.
 */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/codes")
class CodeController {

    private final CodeVersions versions;
    private final ModelStore store;
    private final DeploymentEvents events;
    private final TransactionTemplate transaction;
    private final long maxBytes;

    CodeController(CodeVersions versions, ModelStore store, DeploymentEvents events, TransactionTemplate transaction,
                   @Value("${aegis.codes.max-bytes}") long maxBytes) {
        this.versions = versions;
        this.store = store;
        this.events = events;
        this.transaction = transaction;
        this.maxBytes = maxBytes;
    }

    @PutMapping(path = "/{name}/versions/{version}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Map<String, Object>> register(@PathVariable String sub, @PathVariable String rg,
                                                 @PathVariable String ws, @PathVariable String name,
                                                 @PathVariable String version, @AuthenticationPrincipal Jwt caller,
                                                 HttpServletRequest request) throws IOException {
        WorkspaceId workspace = new WorkspaceId(sub, rg, ws);
        String id = workspace.codeVersion(name, version);
        long length = request.getContentLengthLong();
        if (length <= 0) {
            throw new ResponseStatusException(HttpStatus.LENGTH_REQUIRED, "Send the code folder as a zip, with its "
                    + "Content-Length.");
        }
        if (length > maxBytes) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "The code archive is larger than the limit of " + maxBytes + " bytes.");
        }
        if (versions.find(id).isPresent()) {
            throw conflict(id);
        }
        String blobName = id.substring(1) + "/" + java.util.UUID.randomUUID() + ".zip";
        MessageDigest digest = sha256();
        PushbackInputStream body = new PushbackInputStream(new DigestInputStream(request.getInputStream(), digest), 1);
        int first = body.read();
        if (first != 'P') {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body must be a zip of the code folder.");
        }
        body.unread(first);
        store.put(blobName, body, length);
        CodeVersion code = new CodeVersion(id, workspace.id(), name, version, blobName, length,
                HexFormat.of().formatHex(digest.digest()), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                caller.getSubject());
        boolean inserted = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!versions.insert(code)) {
                return false;
            }
            events.publish("CodeVersionCreated", id, code.state(store.container()), Callers.actorOf(caller),
                    RequestIdFilter.correlationId(request));
            return true;
        }));
        if (!inserted) {
            store.delete(blobName);
            throw conflict(id);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(code.state(store.container()));
    }

    @GetMapping("/{name}/versions/{version}")
    Map<String, Object> show(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String name, @PathVariable String version) {
        String id = new WorkspaceId(sub, rg, ws).codeVersion(name, version);
        return versions.find(id).map(c -> c.state(store.container()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No code version " + id + "."));
    }

    private static ResponseStatusException conflict(String id) {
        return new ResponseStatusException(HttpStatus.CONFLICT,
                "Code version " + id + " exists already; versions never change: register a new version.");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
