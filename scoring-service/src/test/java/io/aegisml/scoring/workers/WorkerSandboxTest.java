package io.aegisml.scoring.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uids are the workers' walls: never handed out twice on a machine, whichever of its stacks asks, and a stack that
 * starts again ends its own leftovers only — not another stack's workers.
 */
class WorkerSandboxTest {

    @TempDir
    Path dir;

    @Test
    void twoStacksOnOneMachineNeverShareAUidAndEachEndsOnlyItsOwnLeftovers() throws Exception {
        WorkerSandbox probe = WorkerSandbox.detect(300_000, dir.resolve("next-uid"), dir.resolve("probe-uids"));
        assumeTrue(probe.mode() == WorkerSandbox.Mode.OWN_USER, "needs root and unshare, as the platform does");
        Path counter = dir.resolve("next-uid");
        WorkerSandbox one = WorkerSandbox.detect(300_000, counter, dir.resolve("one/allocated-uids"));
        WorkerSandbox two = WorkerSandbox.detect(300_000, counter, dir.resolve("two/allocated-uids"));
        int a = one.allocateUid();
        int b = two.allocateUid();
        int c = one.allocateUid();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates().allMatch(uid -> uid >= 300_000);
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);

        // A leftover of stack one (uid a) and a live worker of stack two (uid b).
        Process leftover = new ProcessBuilder("setpriv", "--reuid=" + a, "--regid=" + a, "--clear-groups", "sleep", "600")
                .start();
        Process neighbour = new ProcessBuilder("setpriv", "--reuid=" + b, "--regid=" + b, "--clear-groups", "sleep", "600")
                .start();
        try {
            Thread.sleep(300);
            assertThat(leftover.isAlive()).isTrue();
            // Stack one starts again: its leftover ends, stack two's worker does not.
            WorkerSandbox.detect(300_000, counter, dir.resolve("one/allocated-uids"));
            assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(neighbour.isAlive()).isTrue();
            assertThat(dir.resolve("one/allocated-uids")).doesNotExist();
            assertThat(Files.readString(counter).strip()).isEqualTo(String.valueOf(c + 1));
        } finally {
            leftover.destroyForcibly();
            neighbour.destroyForcibly();
        }
    }
}
