package io.aegisml.security.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * A refusal with an error code of Azure's own ({@code PrincipalNotFound}) rather than the one its
 * status implies ({@code BadRequest}): scripts written for Azure branch on the code.
 */
public class CodedError extends ResponseStatusException {

    private final String code;

    public CodedError(HttpStatusCode status, String code, String message) {
        super(status, message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
