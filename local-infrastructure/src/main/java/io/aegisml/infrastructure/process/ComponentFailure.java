package io.aegisml.infrastructure.process;

import java.nio.file.Path;

/**
 * A component of the stack that could not be installed or started, said the way a user needs it: which
 * component, what went wrong, what to do about it, and where its log is. The launcher prints it as one
 * line (plus the log's tail), never as a stack trace.
 */
public class ComponentFailure extends RuntimeException {

    private final String component;
    private final String problem;
    private final String advice;
    private final Path log;

    /** The message carries the log's tail too, for test reports; {@link #oneLine()} is what a user reads. */
    public ComponentFailure(String component, String problem, String advice, Path log, Throwable cause) {
        super(component + ": " + problem + (advice == null ? "" : ". " + advice)
                + (log == null ? "" : "\nLast lines of " + log + ":\n" + LogTail.of(log, 40)), cause);
        this.component = component;
        this.problem = problem;
        this.advice = advice;
        this.log = log;
    }

    public ComponentFailure(String component, String problem, String advice, Path log) {
        this(component, problem, advice, log, null);
    }

    public String component() {
        return component;
    }

    /** What the user can do, or null when the log says it better. */
    public String advice() {
        return advice;
    }

    /** The component's log file, or null if it wrote none. */
    public Path log() {
        return log;
    }

    /** "Kafka: exited with code 1 during start-up. See its log: ..." — the line the launcher prints. */
    public String oneLine() {
        StringBuilder line = new StringBuilder(component).append(": ").append(problem.replace('\n', ' '));
        if (advice != null) {
            line.append(". ").append(advice);
        }
        if (log != null) {
            line.append(advice == null ? ". " : " ").append("Its log: ").append(log);
        }
        return line.toString();
    }
}
