package io.aegisml.infrastructure.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationTest {

    @TempDir
    Path cache;

    private final AtomicInteger builds = new AtomicInteger();

    private Path install() {
        return Installation.ensure(cache, "Thing", "thing-1", "lib", "Do this", folder -> {
            builds.incrementAndGet();
            Files.createDirectories(folder.resolve("lib/sub"));
            Files.writeString(folder.resolve("lib/a.jar"), "0123456789");
            Files.writeString(folder.resolve("lib/sub/b.so"), "abc");
            Files.createSymbolicLink(folder.resolve("lib/link"), Path.of("a.jar"));
        });
    }

    @Test
    void buildsOnceIntoPlaceWithAManifest() throws IOException {
        Path installed = install();
        assertThat(installed).isEqualTo(cache.resolve("thing-1"));
        assertThat(Files.readString(installed.resolve(Installation.MANIFEST))).isEqualTo("files=3\nbytes=13\n");
        assertThat(install()).isEqualTo(installed);
        assertThat(builds).hasValue(1);
        try (var siblings = Files.list(cache)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("thing-1", "thing-1.lock");
        }
    }

    @Test
    void aFolderWithoutItsManifestIsAnInterruptedInstallationAndIsRedone() throws IOException {
        // What an interrupted unpack leaves: some of the files, no manifest.
        Files.createDirectories(cache.resolve("thing-1/lib"));
        Files.writeString(cache.resolve("thing-1/lib/a.jar"), "01234");
        Path installed = install();
        assertThat(builds).hasValue(1);
        assertThat(Files.readString(installed.resolve("lib/a.jar"))).isEqualTo("0123456789");
    }

    @Test
    void aTruncatedOrMissingFileIsDamageAndIsRedone() throws IOException {
        Path installed = install();
        Files.writeString(installed.resolve("lib/a.jar"), "0123");
        assertThat(Installation.problemWith(installed, "lib")).startsWith("damaged");
        install();
        assertThat(builds).hasValue(2);
        Files.delete(installed.resolve("lib/sub/b.so"));
        install();
        assertThat(builds).hasValue(3);
        assertThat(Installation.problemWith(installed, "lib")).isNull();
    }

    @Test
    void filesOutsideTheCheckedPartMayChange() throws IOException {
        Path installed = install();
        Files.writeString(installed.resolve("written-at-run-time.log"), "anything");
        install();
        assertThat(builds).hasValue(1);
    }

    @Test
    void leftoversOfAnInterruptedBuildAreRemoved() throws IOException {
        Files.createDirectories(cache.resolve("thing-1.partial-dead0001/lib"));
        install();
        assertThat(cache.resolve("thing-1.partial-dead0001")).doesNotExist();
    }

    @Test
    void aFailedBuildLeavesNothingAndSaysWhatToDo() {
        assertThatThrownBy(() -> Installation.ensure(cache, "Thing", "thing-1", "lib", "Do this", folder -> {
            Files.writeString(folder.resolve("half"), "x");
            throw new IOException("disk full");
        })).isInstanceOfSatisfying(ComponentFailure.class, e -> {
            assertThat(e.component()).isEqualTo("Thing");
            assertThat(e.oneLine()).contains("Thing: could not be installed").contains("disk full").endsWith("Do this");
        });
        assertThat(cache.resolve("thing-1")).doesNotExist();
        try (var siblings = Files.list(cache)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("thing-1.lock");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
