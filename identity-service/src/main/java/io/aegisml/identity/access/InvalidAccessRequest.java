package io.aegisml.identity.access;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A 400 that names the problem. */
class InvalidAccessRequest extends ResponseStatusException {

    InvalidAccessRequest(String message) {
        super(HttpStatus.BAD_REQUEST, message);
    }
}
