package io.aegisml.identity.workspace;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A 400 with a message that names the problem. */
class InvalidWorkspaceRequest extends ResponseStatusException {

    InvalidWorkspaceRequest(String message) {
        super(HttpStatus.BAD_REQUEST, message);
    }
}
