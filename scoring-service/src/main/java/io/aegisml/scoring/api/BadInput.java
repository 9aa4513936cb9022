package io.aegisml.scoring.api;

/** A request whose input does not fit the model: 400, with a message naming the problem. */
final class BadInput extends RuntimeException {

    BadInput(String message) {
        super(message, null, false, false);
    }
}
