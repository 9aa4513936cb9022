package io.aegisml.cli.api;

/**
 * A failure the CLI explains in one line and ends with its exit code: 1 the service refused or failed
 * the request, 3 not logged in or the login no longer works, 4 the stack cannot be reached (2 is
 * picocli's, for a wrong command line).
 */
public final class CliError extends RuntimeException {

    public static final int REFUSED = 1;
    public static final int NOT_LOGGED_IN = 3;
    public static final int UNREACHABLE = 4;

    private final int exitCode;

    public CliError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
