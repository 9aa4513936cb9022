package io.aegisml.identity.managedidentity;

import io.aegisml.identity.storage.StorageAccess;
import io.aegisml.security.rbac.AccessDecision;
import io.aegisml.security.rbac.AccessDenials;
import io.aegisml.security.rbac.AccessView;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Blob reads with a managed identity's token, as Azure Storage answers them with Entra ID:
 * {@code GET /internal/storage/blobs/{account}/{container}/{blob}} with {@code Authorization: Bearer ...} and
 * {@code x-ms-version}, after the same RBAC data-action check as the SAS exchange. Path-style, the way a
 * deployment reaches it ({@code AEGIS_BLOB_ENDPOINT}); errors in Storage's XML shape, which its SDKs read.
 */
@RestController
class BlobReadController {

    static final String PATH = "/internal/storage/blobs";

    private final StorageAccess storage;
    private final AccessView view;
    private final AccessDenials denials;
    private final ManagedIdentityTokens tokens;

    BlobReadController(StorageAccess storage, AccessView view, AccessDenials denials, ManagedIdentityTokens tokens) {
        this.storage = storage;
        this.view = view;
        this.denials = denials;
        this.tokens = tokens;
    }

    @GetMapping(PATH + "/{account}/{container}/{blob}")
    void read(@PathVariable String account, @PathVariable String container, @PathVariable String blob,
              HttpServletRequest request, HttpServletResponse response) throws IOException {
        Jwt token;
        try {
            token = tokens.storageToken(request);
        } catch (ResponseStatusException e) {
            storageError(response, 401, "InvalidAuthenticationInfo", e.getReason());
            return;
        }
        if (request.getHeader("x-ms-version") == null) {
            // Azure Storage wants a version with a bearer token (2017-11-09 or later).
            storageError(response, 400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is "
                    + "not specified: x-ms-version.");
            return;
        }
        StorageAccess.BlobOutcome outcome;
        try {
            outcome = storage.readBlob(account, container, blob, token.getSubject(), view.policy());
        } catch (ResponseStatusException e) {
            storageError(response, 400, "InvalidResourceName", e.getReason());
            return;
        }
        if (outcome instanceof StorageAccess.BlobOutcome.Denied denied) {
            AccessDecision decision = denied.decision();
            denials.record(decision, Callers.actorOf(token), request.getMethod(), request.getRequestURI(),
                    RequestIdFilter.correlationId(request));
            storageError(response, 403, "AuthorizationPermissionMismatch", "This request is not authorized to perform "
                    + "this operation using this permission: the managed identity "
                    + token.getClaimAsString(ManagedIdentityTokenController.IDENTITY_NAME_CLAIM) + " does not have '"
                    + decision.action() + "' on '" + decision.scope() + "' or any scope above it.");
            return;
        }
        if (outcome instanceof StorageAccess.BlobOutcome.NotFound missing) {
            storageError(response, 404, "BlobNotFound", missing.message());
            return;
        }
        StorageAccess.BlobOutcome.Found found = (StorageAccess.BlobOutcome.Found) outcome;
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(found.blob().length());
        response.setHeader("x-ms-version", request.getHeader("x-ms-version"));
        response.setHeader("x-ms-blob-type", "BlockBlob");
        try (InputStream content = found.blob().content()) {
            content.transferTo(response.getOutputStream());
        }
    }

    private static void storageError(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        String escaped = String.valueOf(message).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        response.setStatus(status);
        response.setContentType("application/xml");
        response.setHeader("x-ms-error-code", code);
        response.getOutputStream().write(("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code
                + "</Code><Message>" + escaped + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
    }
}
