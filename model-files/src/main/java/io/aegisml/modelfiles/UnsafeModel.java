package io.aegisml.modelfiles;

/** A model file the platform refuses, with a reason a user can act on (it becomes a 400 or a failed deployment). */
public class UnsafeModel extends Exception {

    public UnsafeModel(String reason) {
        super(reason);
    }
}
