package io.aegisml.scoring.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's zip is untrusted: it lands inside its folder, whole and bounded, or not at all. */
class SafeZipTest {

    @TempDir
    Path dir;

    @Test
    void aCodeFolderUnpacksAsItWasZipped() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("score.py", "def run(raw): return raw".getBytes(StandardCharsets.UTF_8));
        entries.put("lib/helpers.py", "X = 1".getBytes(StandardCharsets.UTF_8));
        Path into = dir.resolve("app");
        assertThat(SafeZip.unpack(zip(entries), into, 1 << 20, 10)).isEqualTo(2);
        assertThat(into.resolve("score.py")).hasContent("def run(raw): return raw");
        assertThat(into.resolve("lib/helpers.py")).hasContent("X = 1");
    }

    @Test
    void entriesOutsideTheFolderAreRefusedAndWriteNothingThere() throws IOException {
        for (String name : new String[] {"../escaped.py", "/tmp/absolute.py", "lib/../../escaped.py", "..\\escaped.py"}) {
            Path into = dir.resolve("app-" + Math.abs(name.hashCode()));
            assertThatThrownBy(() -> SafeZip.unpack(zip(Map.of(name, new byte[] {1})), into, 1 << 20, 10))
                    .as(name).isInstanceOf(SafeZip.Refused.class).hasMessageContaining("outside its folder");
            assertThat(dir.resolve("escaped.py")).doesNotExist();
        }
    }

    @Test
    void aZipBombStopsAtTheBoundWhateverTheArchiveClaims() throws IOException {
        // 64 MB of zeros compresses to a few dozen kilobytes.
        Path bomb = zip(Map.of("zeros.bin", new byte[64 * 1024 * 1024]));
        assertThat(Files.size(bomb)).isLessThan(1024 * 1024);
        assertThatThrownBy(() -> SafeZip.unpack(bomb, dir.resolve("app"), 1024 * 1024, 10))
                .isInstanceOf(SafeZip.Refused.class).hasMessageContaining("more than 1048576 bytes");
    }

    @Test
    void tooManyEntriesTwiceTheSameNameAndNotAZipAreRefused() throws IOException {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("f" + i, new byte[] {1});
        }
        assertThatThrownBy(() -> SafeZip.unpack(zip(many), dir.resolve("a"), 1 << 20, 10))
                .hasMessageContaining("more than 10 entries");
        Path twice = dir.resolve("twice.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(twice))) {
            out.putNextEntry(new ZipEntry("score.py"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("lib/../score.py"));
            out.closeEntry();
        }
        assertThatThrownBy(() -> SafeZip.unpack(twice, dir.resolve("b"), 1 << 20, 10)).hasMessageContaining("twice");
        Path text = Files.writeString(dir.resolve("not.zip"), "PK but not really a zip file at all");
        assertThat(SafeZip.unpack(text, dir.resolve("c"), 1 << 20, 10)).isZero();
    }

    private Path zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return Files.write(Files.createTempFile(dir, "archive", ".zip"), bytes.toByteArray());
    }
}
