package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.infrastructure.process.ComponentFailure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupReportTest {

    @TempDir
    Path data;

    private String report(Throwable error) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StartupReport.failed(error, data, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aComponentsFailureIsOneLineThenTheTailOfItsLog() throws Exception {
        Path log = data.resolve("kafka.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));
        String out = report(new CompletionException(new ComponentFailure("Kafka", "exited with code 1 during start-up", null, log)));
        assertThat(out.strip().lines().findFirst().orElseThrow())
                .isEqualTo("Aegis ML did not start. Kafka: exited with code 1 during start-up. Its log: " + log);
        assertThat(out).contains("  line 100").contains("  line " + (100 - StartupReport.TAIL_LINES + 1))
                .doesNotContain("line " + (100 - StartupReport.TAIL_LINES) + "\n").doesNotContain("\tat ");
    }

    @Test
    void theLaunchersOwnErrorIsOneLineAndItsStackTraceGoesToAFile() throws Exception {
        String out = report(new OutOfMemoryError("Java heap space"));
        Path details = data.resolve("logs/launcher-error.log");
        assertThat(out.strip()).isEqualTo("Aegis ML did not start. The launcher: OutOfMemoryError: Java heap space. Details in "
                + details);
        assertThat(Files.readString(details)).contains("java.lang.OutOfMemoryError: Java heap space").contains("\tat ");
    }
}
