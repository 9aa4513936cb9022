package io.aegisml.cli.monitor;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.session.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aegis monitor activity-log list}, like az's: who did what, when, with what result. */
@Command(name = "monitor", description = "The activity log.", subcommands = ActivityLogCommand.ActivityLog.class)
public final class ActivityLogCommand {

    @Command(name = "activity-log", description = "Control-plane operations and refusals.", subcommands = ActivityLogCommand.List.class)
    static final class ActivityLog {
    }

    @Command(name = "list", description = "Entries, newest first.")
    static final class List implements Callable<Integer> {
        @Option(names = "--scope", description = "A resource id: it and everything below (default: all you may read).")
        String scope;
        @Option(names = "--caller") String caller;
        @Option(names = "--offset", defaultValue = "6h", description = "How far back, e.g. 30m, 6h, 7d.") String offset;
        @Option(names = "--max-events", defaultValue = "50") int max;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            java.util.List<String> query = new ArrayList<>();
            query.add("from=" + Instant.now().minus(duration(offset)));
            query.add("top=" + max);
            if (scope != null) {
                query.add("scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
            }
            if (caller != null) {
                query.add("caller=" + URLEncoder.encode(caller, StandardCharsets.UTF_8));
            }
            Output.print(new ApiClient(Session.current()).get("/api/activityLog?" + String.join("&", query)), output,
                    System.out);
            return 0;
        }
    }

    static Duration duration(String text) {
        if (!text.matches("\\d+[mhd]")) {
            throw new io.aegisml.cli.api.CliError(2, "--offset reads like 30m, 6h or 7d.");
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
