package io.aegisml.security.web;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Azure-like names: letters, digits, '-', '_', '.', starting with a letter or digit, at most 64. */
public final class ResourceNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ResourceNames() {
    }

    /** Returns the name, or answers 400 naming what was wrong. */
    public static String require(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            String shown = value == null ? "" : value.length() > 70 ? value.substring(0, 70) + "..." : value;
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Invalid " + what + " name '" + shown
                    + "': use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
        return value;
    }
}
