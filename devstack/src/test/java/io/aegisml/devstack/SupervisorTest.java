package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.infrastructure.process.Component;
import io.aegisml.infrastructure.process.LocalProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real OS processes: one that is killed is started again; one stopped on purpose is not. */
class SupervisorTest {

    @TempDir
    Path data;

    private Component sleeper(String name) {
        return new Component(name, 0, () -> LocalProcess.start(name, List.of("sleep", "600"), data, Map.of(),
                data.resolve(name + ".log")).awaitReady(() -> true, Duration.ofSeconds(5)));
    }

    @Test
    void aKilledComponentIsRestartedAndACleanStopIsNot() {
        Component killed = sleeper("killed");
        Component stopped = sleeper("stopped");
        killed.start();
        stopped.start();
        StatusFile status = new StatusFile(data);
        try (Supervisor supervisor = new Supervisor(List.of(killed, stopped), status)) {
            supervisor.start();
            long firstPid = killed.process().pid();
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
            stopped.stop();
            StatusFile.Entry entry = Eventually.until(Duration.ofSeconds(15), () -> entry(status, "killed"),
                    e -> e != null && e.restarts() == 1 && e.state().equals("running"), "a restart of the killed component");
            assertThat(entry.pid()).isNotEqualTo(firstPid).isEqualTo(killed.process().pid());
            assertThat(killed.process().isAlive()).isTrue();
            assertThat(entry(status, "stopped").state()).isEqualTo("stopped");
            assertThat(stopped.process()).isNull();
        } finally {
            killed.stop();
        }
    }

    @Test
    void backOffDoublesUpToAMinute() {
        assertThat(Supervisor.backoffFor(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Supervisor.backoffFor(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Supervisor.backoffFor(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Supervisor.backoffFor(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Supervisor.backoffFor(40)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void uptimeReadsLikeAPersonWouldSayIt() {
        assertThat(StatusCommand.uptime(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(StatusCommand.uptime(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(StatusCommand.uptime(Duration.ofMinutes(125))).isEqualTo("2h05m");
    }

    private static StatusFile.Entry entry(StatusFile status, String name) {
        StatusFile.Status read = status.read();
        return read == null ? null : read.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }
}
