package io.aegisml.deployment.model;

import io.aegisml.deployment.DeploymentEvents;
import io.aegisml.deployment.WorkspaceId;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.PushbackInputStream;
import io.aegisml.modelfiles.SelfContainedOnnx;
import io.aegisml.modelfiles.UnsafeModel;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The model registry, like {@code az ml model create|list|show|delete}: a version is created by
 * uploading its ONNX file as the body of a PUT, and never changes afterwards.
 */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/models")
class ModelController {

    /** Every ONNX file is a protobuf ModelProto, whose first field in practice is ir_version (field 1, varint). */
    private static final byte IR_VERSION_TAG = 0x08;

    private final ModelVersions versions;
    private final ModelStore store;
    private final DeploymentEvents events;
    private final TransactionTemplate transaction;
    private final long maxBytes;

    ModelController(ModelVersions versions, ModelStore store, DeploymentEvents events, TransactionTemplate transaction,
                    @Value("${aegis.models.max-bytes}") long maxBytes) {
        this.maxBytes = maxBytes;
        this.versions = versions;
        this.store = store;
        this.events = events;
        this.transaction = transaction;
    }

    @PutMapping(path = "/{name}/versions/{version}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Map<String, Object>> register(@PathVariable String sub, @PathVariable String rg,
                                                 @PathVariable String ws, @PathVariable String name,
                                                 @PathVariable String version,
                                                 @RequestParam(required = false) String description,
                                                 @RequestParam(required = false, defaultValue = ModelVersion.ONNX) String type,
                                                 @RequestParam(required = false) String path,
                                                 @RequestParam(required = false, defaultValue = "false") boolean folder,
                                                 @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException {
        WorkspaceId workspace = new WorkspaceId(sub, rg, ws);
        boolean onnx = ModelVersion.ONNX.equals(type);
        if (!onnx && !ModelVersion.CUSTOM.equals(type)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'type' must be onnx or custom_model.");
        }
        if (onnx && (path != null || folder)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'path' and 'folder' are for custom_model only.");
        }
        if (!onnx) {
            io.aegisml.security.web.ResourceNames.require("model path", path);
        }
        String id = workspace.modelVersion(name, version);
        long length = request.getContentLengthLong();
        if (length <= 0) {
            throw new ResponseStatusException(HttpStatus.LENGTH_REQUIRED,
                    "Send the ONNX file as the body, with its Content-Length.");
        }
        if (length > maxBytes) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "The model file is larger than the limit of " + maxBytes + " bytes.");
        }
        if (description != null && description.length() > 1024) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'description' is longer than 1024 characters.");
        }
        if (versions.find(id).isPresent()) {
            throw conflict(id);
        }
        // A blob per upload: a concurrent upload of the same version (which will get 409) never
        // overwrites the file the registered version points at.
        String blobName = id.substring(1) + "/" + java.util.UUID.randomUUID() + (onnx ? ".onnx" : folder ? ".zip" : ".bin");
        // Streamed to the blob, never held whole in memory; hashed on the way.
        MessageDigest digest = sha256();
        PushbackInputStream body = new PushbackInputStream(new DigestInputStream(request.getInputStream(), digest), 1);
        int first = body.read();
        if (onnx && first != IR_VERSION_TAG) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "The body must be an ONNX model file (a protobuf ModelProto, sent as application/octet-stream); "
                    + "any other file is a custom_model (?type=custom_model&path=NAME).");
        }
        if (folder && first != 'P') {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A folder is sent as a zip file (folder=true).");
        }
        body.unread(first);
        // The blob first: a row never points at a missing file. A crash in between (or a lost race)
        // leaves an orphan blob.
        store.put(blobName, body, length);
        if (onnx) {
            refuseUnlessSelfContained(blobName);
        }
        ModelVersion model = new ModelVersion(id, workspace.id(), name, version, blobName, length,
                HexFormat.of().formatHex(digest.digest()), description, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                caller.getSubject(), type, onnx ? null : path, folder);
        boolean inserted = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!versions.insert(model)) {
                return false;
            }
            events.publish("ModelVersionCreated", id, model.state(store.container()), Callers.actorOf(caller),
                    RequestIdFilter.correlationId(request));
            return true;
        }));
        if (!inserted) {
            store.delete(blobName); // the race's loser takes its file away
            throw conflict(id);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(model.state(store.container()));
    }

    @GetMapping("/{name}/versions/{version}")
    Map<String, Object> show(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                             @PathVariable String name, @PathVariable String version) {
        String id = new WorkspaceId(sub, rg, ws).modelVersion(name, version);
        return versions.find(id).map(m -> m.state(store.container()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No model version " + id + "."));
    }

    @GetMapping("/{name}/versions")
    Map<String, List<Map<String, Object>>> versions(@PathVariable String sub, @PathVariable String rg,
                                                    @PathVariable String ws, @PathVariable String name) {
        WorkspaceId workspace = new WorkspaceId(sub, rg, ws);
        workspace.modelVersion(name, "1"); // validates the name
        return Map.of("value", versions.versions(workspace.id(), name).stream().map(m -> m.state(store.container())).toList());
    }

    /** The newest version of each model. */
    @GetMapping
    Map<String, List<Map<String, Object>>> list(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws) {
        WorkspaceId workspace = new WorkspaceId(sub, rg, ws);
        return Map.of("value", versions.latestOfEach(workspace.id()).stream().map(m -> m.state(store.container())).toList());
    }

    @DeleteMapping("/{name}/versions/{version}")
    ResponseEntity<Void> delete(@PathVariable String sub, @PathVariable String rg, @PathVariable String ws,
                                @PathVariable String name, @PathVariable String version,
                                @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        String id = new WorkspaceId(sub, rg, ws).modelVersion(name, version);
        return versions.find(id).map(model -> {
            List<String> users = versions.usedBy(id);
            if (!users.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "Model version " + id
                        + " is used by deployment " + users.get(0) + "; delete or update that deployment first.");
            }
            transaction.executeWithoutResult(status -> {
                versions.delete(id);
                events.publish("ModelVersionDeleted", id, model.state(store.container()), Callers.actorOf(caller),
                        RequestIdFilter.correlationId(request));
            });
            store.delete(model.blobName());
            return ResponseEntity.ok().<Void>build();
        }).orElse(ResponseEntity.noContent().build());
    }

    private static ResponseStatusException conflict(String id) {
        return new ResponseStatusException(HttpStatus.CONFLICT,
                "Model version " + id + " exists already; versions never change: register a new version.");
    }

    /**
     * A model is data: one that refers to files outside itself (ONNX external data) would have the runtime
     * read the host's files into its outputs. Read back as a stream from the blob just written.
     */
    private void refuseUnlessSelfContained(String blobName) {
        try (java.io.InputStream stored = store.open(blobName)) {
            SelfContainedOnnx.check(stored);
        } catch (UnsafeModel e) {
            store.delete(blobName);
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (java.io.IOException e) {
            store.delete(blobName);
            throw new java.io.UncheckedIOException("could not read back the model file just stored", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
