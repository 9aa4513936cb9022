package io.aegisml.infrastructure.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the build downloaded what the stack installs: Maven's local repository, which verifies each
 * file's checksum and writes it only once complete. The {@code infrastructure-downloads} module lists the
 * files ({@code aegis-downloads/<name>.files}, a class-path-style list); this reads the list.
 */
public final class Downloads {

    public static final String REBUILD = "Run ./mvnw -q package -DskipTests once: the build downloads it into ~/.m2";

    private Downloads() {
    }

    public static List<Path> files(String component, String name) {
        String resource = "/aegis-downloads/" + name + ".files";
        try (InputStream in = Downloads.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ComponentFailure(component, "the list of its downloaded files (" + resource + ") is missing",
                        REBUILD, null);
            }
            List<Path> files = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
                    .split(java.io.File.pathSeparator)).map(Path::of).toList();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new ComponentFailure(component, "the downloaded file " + file + " is missing", REBUILD, null);
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
