package io.aegisml.devstack;

import io.aegisml.infrastructure.process.ComponentFailure;
import io.aegisml.infrastructure.process.LogTail;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/**
 * What a user reads when the stack did not start: one line naming the component, what went wrong and
 * what to do, then the last lines of that component's log. Never a stack trace on the console: one that
 * is not a component's (the launcher's own, such as running out of memory) goes to a file, named in the line.
 */
final class StartupReport {

    static final int TAIL_LINES = 25;

    private StartupReport() {
    }

    static void failed(Throwable error, Path dataDir, PrintStream out) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ComponentFailure failure) {
            out.println("\nAegis ML did not start. " + failure.oneLine());
            if (failure.log() != null && Files.exists(failure.log())) {
                out.println("Last lines of " + failure.log() + ":");
                out.println(LogTail.of(failure.log(), TAIL_LINES).indent(2).stripTrailing());
            }
            return;
        }
        Path details = dataDir.resolve("logs").resolve("launcher-error.log");
        try {
            Files.createDirectories(details.getParent());
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(details))) {
                cause.printStackTrace(writer);
            }
        } catch (IOException e) {
            details = null;
        }
        out.println("\nAegis ML did not start. The launcher: " + cause.getClass().getSimpleName() + ": "
                + String.valueOf(cause.getMessage()).replace('\n', ' ')
                + (details == null ? "" : ". Details in " + details));
    }
}
