package io.aegisml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code aegis} command. Its az-like verbs arrive with the CLI capability; for now it tells its version. */
@Command(name = "aegis", mixinStandardHelpOptions = true, version = "aegis 0.1.0",
        description = "Aegis ML: secure online model serving on your own machines.")
public final class Aegis implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Aegis()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
